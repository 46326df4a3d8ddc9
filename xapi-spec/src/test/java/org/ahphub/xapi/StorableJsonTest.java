package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Storable JSON: depth limit and text PostgreSQL can hold")
class StorableJsonTest {

  private static JsonObject statement() {
    return new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:a@example.org"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "http://example.org/a"));
  }

  private static Object nested(int levels) {
    Object inner = "leaf";
    for (int i = 0; i < levels; i++) {
      inner = i % 2 == 0 ? new JsonObject().put("n", inner) : new JsonArray().add(inner);
    }
    return inner;
  }

  @Test
  @DisplayName("a statement nested exactly 64 deep is valid; 65 deep is statement.depth at the level that passes the limit")
  void depthLimit() {
    // statement (1) > result (2) > extensions (3) > value: 61 more levels make 64.
    JsonObject atLimit = statement().put("result", new JsonObject().put("extensions",
        new JsonObject().put("http://example.org/x", nested(61))));
    JsonObject over = statement().put("result", new JsonObject().put("extensions",
        new JsonObject().put("http://example.org/x", nested(62))));

    assertThat(StatementValidator.validate(atLimit, XapiVersion.V1_0_3)).isEmpty();
    assertThat(StatementValidator.validate(over, XapiVersion.V1_0_3)).singleElement()
        .satisfies(v -> {
          assertThat(v.rule()).isEqualTo(StorableJson.RULE_DEPTH);
          assertThat(v.path()).startsWith("$.result.extensions.http://example.org/x");
        });
  }

  @Test
  @DisplayName("100,000 levels are checked without recursion (no stack overflow)")
  void veryDeepIsCheckedIteratively() {
    JsonObject deep = new JsonObject();
    JsonObject cursor = deep;
    for (int i = 0; i < 100_000; i++) {
      JsonObject next = new JsonObject();
      cursor.put("n", next);
      cursor = next;
    }
    assertThat(StorableJson.check(deep, "$")).hasValueSatisfying(v -> assertThat(v.rule()).isEqualTo("statement.depth"));
  }

  @Test
  @DisplayName("U+0000 and unpaired surrogates, in values or property names, are statement.storable with their path")
  void unstorableText() {
    JsonObject nul = statement();
    nul.getJsonObject("verb").put("display", new JsonObject().put("en-GB", "comp\u0000leted"));
    JsonObject surrogate = statement().put("result", new JsonObject().put("response", "a\ud800b"));
    JsonObject key = statement().put("result", new JsonObject().put("extensions",
        new JsonObject().put("http://example.org/\udc00", 1)));

    assertThat(StatementValidator.validate(nul, XapiVersion.V2_0_0)).extracting(Violation::rule, Violation::path)
        .contains(org.assertj.core.groups.Tuple.tuple("statement.storable", "$.verb.display.en-GB"));
    assertThat(StatementValidator.validate(surrogate, XapiVersion.V2_0_0)).extracting(Violation::path)
        .contains("$.result.response");
    assertThat(StorableJson.check(key, "$")).hasValueSatisfying(v -> assertThat(v.rule()).isEqualTo("statement.storable"));
    assertThat(StorableJson.textProblem("emoji \ud83d\ude00 is a pair")).isEmpty();
  }
}
