package org.ahphub.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ahphub.testing.RecordingWriteStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ZipExportArchiveTest {

  @Test
  @DisplayName("files, a streamed JSON array and an escaped summary come out as a ZIP, written in chunks")
  void zip() throws IOException {
    RecordingWriteStream out = RecordingWriteStream.keeping(3);
    ZipExportArchive archive = new ZipExportArchive(out);
    archive.json("passport.json", new JsonObject().put("personId", "p-1")).await();
    ExportArchive.ArrayFile statements = archive.array("statements.json");
    for (int i = 0; i < 20_000; i++) {
      statements.add(new JsonObject().put("n", i).put("text", java.util.UUID.randomUUID() + " " + java.util.UUID.randomUUID())).await();
    }
    statements.close().await();
    archive.bytes("attachments/abc", Buffer.buffer(new byte[] {1, 2, 3})).await();
    archive.summarise("Learning <records>", List.of(statements.count() + " statements & more"));
    archive.finish("About you", Instant.parse("2026-12-07T00:00:00Z")).await();

    assertThat(out.writes()).as("streamed in chunks, not at the end").isGreaterThan(3);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.written().getBytes()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    assertThat(files.keySet()).containsExactly("passport.json", "statements.json", "attachments/abc", "summary.html");
    JsonArray array = new JsonArray(new String(files.get("statements.json"), StandardCharsets.UTF_8));
    assertThat(array).hasSize(20_000);
    assertThat(array.getJsonObject(19_999).getInteger("n")).isEqualTo(19_999);
    assertThat(files.get("attachments/abc")).containsExactly(1, 2, 3);
    String summary = new String(files.get("summary.html"), StandardCharsets.UTF_8);
    assertThat(summary).contains("<h2>Learning &lt;records&gt;</h2>").contains("20000 statements &amp; more")
        .contains("<li>statements.json</li>").doesNotContain("<records>");
  }

  @Test
  @DisplayName("an empty array file is valid JSON")
  void emptyArray() throws IOException {
    RecordingWriteStream out = RecordingWriteStream.keeping(3);
    ZipExportArchive archive = new ZipExportArchive(out);
    archive.array("statements.json").close().await();
    archive.finish("About you", Instant.EPOCH).await();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.written().getBytes()))) {
      in.getNextEntry();
      assertThat(new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8))).isEmpty();
    }
  }
}
