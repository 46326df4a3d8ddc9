package org.ahphub.lrs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Statement query format (Communication 2.1.3): exact, ids, canonical with Accept-Language")
class StatementFormatTest {

  private static final JsonObject STATEMENT = new JsonObject("""
      {"id":"6f1c7c3e-0a6d-4e0f-9d2a-1c2b3c4d5e6f",
       "actor":{"objectType":"Agent","name":"Alice","mbox":"mailto:alice@example.org"},
       "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed","en-GB":"completed","fr":"terminé"}},
       "object":{"objectType":"Activity","id":"http://example.org/a",
                 "definition":{"name":{"en-US":"Color","en-GB":"Colour"},"description":{"fr":"Couleur"}}},
       "context":{"contextActivities":{"parent":[{"id":"http://example.org/p","definition":{"name":{"en":"P"}}}]}}}""");

  @Test
  @DisplayName("exact returns the statement as stored")
  void exact() {
    assertThat(StatementFormat.parse(null).apply(STATEMENT, List.of())).isEqualTo(STATEMENT);
  }

  @Test
  @DisplayName("ids: agents keep objectType and identifier, activities only id, verbs only id")
  void ids() {
    JsonObject ids = StatementFormat.IDS.apply(STATEMENT, List.of());

    assertThat(ids.getJsonObject("actor")).isEqualTo(new JsonObject()
        .put("objectType", "Agent").put("mbox", "mailto:alice@example.org"));
    assertThat(ids.getJsonObject("verb")).isEqualTo(new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"));
    assertThat(ids.getJsonObject("object")).isEqualTo(new JsonObject().put("id", "http://example.org/a"));
    assertThat(ids.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("parent").getJsonObject(0))
        .isEqualTo(new JsonObject().put("id", "http://example.org/p"));
    assertThat(STATEMENT.getJsonObject("verb").containsKey("display")).as("the stored statement is untouched").isTrue();
  }

  @Test
  @DisplayName("canonical: every language map keeps only the best match for Accept-Language, else one entry")
  void canonicalPicksTheLanguage() {
    JsonObject canonical = StatementFormat.CANONICAL.apply(STATEMENT, StatementFormat.languages("en-GB, en;q=0.5"));

    assertThat(canonical.getJsonObject("verb").getJsonObject("display")).isEqualTo(new JsonObject().put("en-GB", "completed"));
    assertThat(canonical.getJsonObject("object").getJsonObject("definition").getJsonObject("name"))
        .isEqualTo(new JsonObject().put("en-GB", "Colour"));
    assertThat(canonical.getJsonObject("object").getJsonObject("definition").getJsonObject("description"))
        .isEqualTo(new JsonObject().put("fr", "Couleur"));
    assertThat(canonical.getJsonObject("actor").getString("name")).isEqualTo("Alice");
  }

  @Test
  @DisplayName("Accept-Language is ordered by quality, then by position")
  void acceptLanguageOrder() {
    assertThat(StatementFormat.languages("fr;q=0.3, en-GB, de;q=0.7")).containsExactly("en-GB", "de", "fr");
    assertThat(StatementFormat.languages(null)).isEmpty();
  }

  @Test
  @DisplayName("an unknown format is a 400")
  void unknownFormat() {
    assertThatThrownBy(() -> StatementFormat.parse("full")).isInstanceOf(XapiException.BadRequest.class);
  }
}
