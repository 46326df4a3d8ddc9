package org.ahphub.lrs.service;

import org.ahphub.lrs.store.AttachmentContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Attachments (Data 2.4.11) and signed statements (Data 2.6)")
class AttachmentRulesTest {

  private static final Buffer CONTENT = Buffer.buffer("hello attachment");
  private static final String SHA2 = AttachmentRules.sha256Hex(CONTENT.getBytes());

  @Test
  @DisplayName("an attachment without fileUrl needs a part whose X-Experience-API-Hash is its sha2")
  void rawAttachmentNeedsItsPart() {
    List<Object> statements = List.of(statementWith(attachment(SHA2, "text/plain", null)));

    assertThatThrownBy(() -> AttachmentRules.check(statements, Map.of()))
        .isInstanceOfSatisfying(XapiException.BadRequest.class,
            e -> assertThat(e.violations().get(0).rule()).isEqualTo("attachment.content.missing"));
    assertThatCode(() -> AttachmentRules.check(statements, Map.of(SHA2, new AttachmentContent(SHA2, "text/plain", CONTENT))))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a fileUrl attachment needs no part")
  void fileUrlAttachmentNeedsNoPart() {
    assertThatCode(() -> AttachmentRules.check(
        List.of(statementWith(attachment(SHA2, "text/plain", "http://example.org/file"))), Map.of()))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a part no attachment refers to is a 400 (excess multipart sections)")
  void excessPartIsRejected() {
    assertThatThrownBy(() -> AttachmentRules.check(List.of(statementWith(null)),
        Map.of(SHA2, new AttachmentContent(SHA2, "text/plain", CONTENT))))
        .isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("a part whose content does not have the named SHA-256 is a 400")
  void contentMustMatchItsHash() {
    String other = AttachmentRules.sha256Hex("other".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> AttachmentRules.check(List.of(statementWith(attachment(other, "text/plain", null))),
        Map.of(other, new AttachmentContent(other, "text/plain", CONTENT))))
        .isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("a signature is accepted when its algorithm is RS256/384/512 and its payload is the statement")
  void signatureMustCarryTheStatement() {
    JsonObject statement = statementWith(null);
    Buffer good = jws("RS256", statement);
    Buffer otherAlgorithm = jws("HS256", statement);
    Buffer otherPayload = jws("RS384", statement.copy().put("verb", new JsonObject().put("id", "http://example.org/x")));

    assertThatCode(() -> SignedStatements.verify(statement, good, "$")).doesNotThrowAnyException();
    assertThatThrownBy(() -> SignedStatements.verify(statement, otherAlgorithm, "$"))
        .isInstanceOf(XapiException.BadRequest.class);
    assertThatThrownBy(() -> SignedStatements.verify(statement, otherPayload, "$"))
        .isInstanceOf(XapiException.BadRequest.class);
    assertThatThrownBy(() -> SignedStatements.verify(statement, Buffer.buffer("not a jws"), "$"))
        .isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("durations are compared to 0.01 s precision (xAPI 2.0.0, 4.2.7)")
  void durationsCompareToHundredths() {
    assertThat(SignedStatements.hundredths("PT1.23456S")).isEqualTo("PT1.23S");
    assertThat(SignedStatements.hundredths("PT1H2M3.1S")).isEqualTo("PT1H2M3.1S");
    assertThat(SignedStatements.hundredths("P1D")).isEqualTo("P1D");
  }

  private static Buffer jws(String algorithm, JsonObject payload) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return Buffer.buffer(encoder.encodeToString(new JsonObject().put("alg", algorithm).encode().getBytes())
        + "." + encoder.encodeToString(payload.encode().getBytes()) + "." + encoder.encodeToString(new byte[] {1, 2}));
  }

  private static JsonObject attachment(String sha2, String contentType, String fileUrl) {
    JsonObject attachment = new JsonObject()
        .put("usageType", "http://example.org/usage")
        .put("display", new JsonObject().put("en", "file"))
        .put("contentType", contentType)
        .put("length", CONTENT.length())
        .put("sha2", sha2);
    if (fileUrl != null) {
      attachment.put("fileUrl", fileUrl);
    }
    return attachment;
  }

  private static JsonObject statementWith(JsonObject attachment) {
    JsonObject statement = new JsonObject()
        .put("id", "6f1c7c3e-0a6d-4e0f-9d2a-1c2b3c4d5e6f")
        .put("actor", new JsonObject().put("mbox", "mailto:alice@example.org"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "http://example.org/a"));
    if (attachment != null) {
      statement.put("attachments", new JsonArray().add(attachment));
    }
    return statement;
  }
}
