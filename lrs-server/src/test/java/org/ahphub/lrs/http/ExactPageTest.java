package org.ahphub.lrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A page in the exact format is assembled from the stored JSON texts without parsing them. */
class ExactPageTest {

  @Test
  @DisplayName("the stored texts go in as they are, and the page is one valid StatementResult")
  void splicesStoredTexts() {
    String first = "{\"id\": \"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\", \"result\": {\"score\": {\"scaled\": 1.00}}}";
    String second = "{\"id\": \"7690e6c9-3ef0-4ed3-8b37-7f3964730bee\", \"verb\": {\"display\": {\"cy\": \"cwblhawyd \\u00e2\"}}}";
    String page = LrsApiVerticle.exactPage(List.of(first, second), "/xapi/statements?more=abc").toString();

    assertThat(page).contains(first).contains(second);
    JsonObject parsed = new JsonObject(page);
    assertThat(parsed.getJsonArray("statements")).isEqualTo(new JsonArray().add(new JsonObject(first)).add(new JsonObject(second)));
    assertThat(parsed.getString("more")).isEqualTo("/xapi/statements?more=abc");
  }

  @Test
  @DisplayName("an empty page, and a more link that needs escaping, are still valid JSON")
  void emptyPageAndEscapedMore() {
    JsonObject parsed = new JsonObject(LrsApiVerticle.exactPage(List.of(), "a\"b\\c").toString());
    assertThat(parsed.getJsonArray("statements")).isEmpty();
    assertThat(parsed.getString("more")).isEqualTo("a\"b\\c");
    assertThat(new JsonObject(LrsApiVerticle.exactPage(List.of(), "").toString()).getString("more")).isEmpty();
  }
}
