package org.ahphub.lrs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.lrs.service.XapiException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("multipart/mixed bodies (Communication 1.5)")
class MultipartMixedTest {

  @Test
  @DisplayName("parts are read with their headers and exact content, with or without a space after the colon")
  void parsesParts() {
    String body = "\r\n--abc\r\nContent-Type:application/json\r\n\r\n{\"a\":1}\r\n"
        + "--abc\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: 123\r\n\r\n"
        + "line1\r\nline2\r\n--abc--";

    List<MultipartMixed.Part> parts = MultipartMixed.parse(Buffer.buffer(body), "multipart/mixed; boundary=abc");

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).header("content-type")).isEqualTo("application/json");
    assertThat(parts.get(0).content().toString()).isEqualTo("{\"a\":1}");
    assertThat(parts.get(1).header("X-Experience-API-Hash")).isEqualTo("123");
    assertThat(parts.get(1).content().toString()).isEqualTo("line1\r\nline2");
  }

  @Test
  @DisplayName("what is written reads back the same")
  void roundTrip() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("X-Experience-API-Hash", "h");
    Buffer written = MultipartMixed.write("b1", List.of(new MultipartMixed.Part(headers, Buffer.buffer(new byte[] {0, 1, 2}))));

    List<MultipartMixed.Part> parts = MultipartMixed.parse(written, "multipart/mixed; boundary=\"b1\"");

    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).content().getBytes()).containsExactly(0, 1, 2);
  }

  @Test
  @DisplayName("a missing boundary, in the header or in the body, is a 400")
  void missingBoundary() {
    assertThatThrownBy(() -> MultipartMixed.parse(Buffer.buffer("x"), "multipart/mixed"))
        .isInstanceOf(XapiException.BadRequest.class);
    assertThatThrownBy(() -> MultipartMixed.parse(Buffer.buffer("{\"a\":1}"), "multipart/mixed; boundary=zz"))
        .isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.SECONDS,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  @DisplayName("a boundary longer than 70 characters (RFC 2046) is a 400 before the body is searched")
  void longBoundaryRefused() {
    String boundary = "a".repeat(100_000);

    assertThatThrownBy(() -> MultipartMixed.parse(Buffer.buffer("a".repeat(1_000_000)),
        "multipart/mixed; boundary=" + boundary))
        .isInstanceOf(XapiException.BadRequest.class).hasMessageContaining("70");
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.SECONDS,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  @DisplayName("parsing is linear: 200,000 malformed parts, and a 70-character boundary that almost matches everywhere")
  void linearInTheBody() {
    StringBuilder manyParts = new StringBuilder("--b\r\n");
    for (int i = 0; i < 200_000; i++) {
      manyParts.append("X: y\r\n--b\r\n");
    }
    String boundary = "a".repeat(69) + "b";
    String almost = "--" + "a".repeat(2_000_000);

    assertThatThrownBy(() -> MultipartMixed.parse(Buffer.buffer(manyParts.toString()), "multipart/mixed; boundary=b"))
        .isInstanceOf(XapiException.BadRequest.class);
    assertThatThrownBy(() -> MultipartMixed.parse(Buffer.buffer(almost), "multipart/mixed; boundary=" + boundary))
        .isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("a part whose headers end where the next delimiter begins has empty content")
  void headersSharingTheDelimitersLineEnd() {
    String body = "--abc\r\nContent-Type: application/json\r\n\r\n--abc--";

    List<MultipartMixed.Part> parts = MultipartMixed.parse(Buffer.buffer(body), "multipart/mixed; boundary=abc");

    assertThat(parts).singleElement().satisfies(p -> assertThat(p.content().length()).isZero());
  }
}
