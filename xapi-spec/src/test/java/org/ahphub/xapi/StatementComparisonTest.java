package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Statement comparison (Data 2.3.1 Statement Immutability): what a re-sent statement may differ in")
class StatementComparisonTest {

  private static final String ID = "f1c5d2a0-6b0e-4d6e-9b7a-2f7c3e9d1a11";

  /** As the client sent it. */
  private static JsonObject submitted() {
    return new JsonObject("""
        {"id":"%s",
         "actor":{"mbox":"mailto:sam.support@example.nhs.uk","name":"Sam"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-GB":"completed"}},
         "object":{"id":"https://learning.example/courses/ipc-2",
                   "definition":{"name":{"en-GB":"Infection prevention and control, level 2"}}},
         "context":{"registration":"0b2f4c1e-3d5a-4e6f-8a9b-1c2d3e4f5a6b",
                    "contextActivities":{"category":[{"id":"https://ahp-hub.org/c/5.6",
                                                      "definition":{"name":{"en-GB":"IPC"}}}]}},
         "result":{"completion":true}}
        """.formatted(ID));
  }

  /** As the LRS stored it: completed with id, stored, timestamp, authority and version. */
  private static JsonObject stored() {
    return submitted()
        .put("stored", "2026-01-01T10:00:00.000Z")
        .put("timestamp", "2026-01-01T10:00:00.000Z")
        .put("authority", new JsonObject().put("objectType", "Agent")
            .put("account", new JsonObject().put("homePage", "https://ahp-hub.org").put("name", "dev")))
        .put("version", "1.0.0");
  }

  @Test
  @DisplayName("the properties the LRS assigns (authority, stored, version, timestamp when not sent) are not compared")
  void lrsAssignedPropertiesAreIgnored() {
    assertThat(StatementComparison.sameStatement(stored(), submitted())).isTrue();
  }

  @Test
  @DisplayName("a timestamp the client did send is compared; the same instant in another time zone is equal")
  void sentTimestampIsCompared() {
    JsonObject stored = stored().put("timestamp", "2025-12-31T09:00:00.000Z");

    assertThat(StatementComparison.sameStatement(stored, submitted().put("timestamp", "2025-12-31T10:00:00+01:00")))
        .isTrue();
    assertThat(StatementComparison.sameStatement(stored, submitted().put("timestamp", "2025-12-31T09:00:01Z")))
        .isFalse();
  }

  @Test
  @DisplayName("the definition of the object activity is not part of the statement: a renamed course is the same statement")
  void objectActivityDefinitionIsIgnored() {
    JsonObject renamed = submitted();
    renamed.getJsonObject("object").getJsonObject("definition")
        .put("name", new JsonObject().put("en-GB", "IPC level 2 (2026 edition)"));
    JsonObject withoutDefinition = submitted();
    withoutDefinition.getJsonObject("object").remove("definition");

    assertThat(StatementComparison.sameStatement(stored(), renamed)).isTrue();
    assertThat(StatementComparison.sameStatement(stored(), withoutDefinition)).isTrue();
  }

  @Test
  @DisplayName("the definitions of context activities are not part of the statement either")
  void contextActivityDefinitionsAreIgnored() {
    JsonObject changed = submitted();
    changed.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category").getJsonObject(0)
        .put("definition", new JsonObject().put("description", new JsonObject().put("en-GB", "new text")));

    assertThat(StatementComparison.sameStatement(stored(), changed)).isTrue();
  }

  @Test
  @DisplayName("a context activity sent as one object equals the same activity sent in an array")
  void singleContextActivityEqualsArray() {
    JsonObject single = submitted();
    JsonObject activities = single.getJsonObject("context").getJsonObject("contextActivities");
    activities.put("category", activities.getJsonArray("category").getJsonObject(0));

    assertThat(StatementComparison.sameStatement(stored(), single)).isTrue();
  }

  @Test
  @DisplayName("the verb's display is not part of the statement")
  void verbDisplayIsIgnored() {
    JsonObject redisplayed = submitted();
    redisplayed.getJsonObject("verb").put("display", new JsonObject().put("en-US", "finished"));

    assertThat(StatementComparison.sameStatement(stored(), redisplayed)).isTrue();
  }

  @Test
  @DisplayName("the case of a UUID is not significant (registration, statement id)")
  void uuidCaseIsIgnored() {
    JsonObject upper = submitted().put("id", ID.toUpperCase());
    upper.getJsonObject("context").put("registration", "0B2F4C1E-3D5A-4E6F-8A9B-1C2D3E4F5A6B");

    assertThat(StatementComparison.sameStatement(stored(), upper)).isTrue();
  }

  @Test
  @DisplayName("a different verb, actor, result or object id is a different statement (409)")
  void anythingElseConflicts() {
    assertThat(StatementComparison.sameStatement(stored(),
        submitted().put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed")))).isFalse();
    assertThat(StatementComparison.sameStatement(stored(),
        submitted().put("actor", new JsonObject().put("mbox", "mailto:alex@example.nhs.uk")))).isFalse();
    assertThat(StatementComparison.sameStatement(stored(),
        submitted().put("result", new JsonObject().put("completion", false)))).isFalse();
    JsonObject otherObject = submitted();
    otherObject.getJsonObject("object").put("id", "https://learning.example/courses/ipc-1");
    assertThat(StatementComparison.sameStatement(stored(), otherObject)).isFalse();
  }

  @Test
  @DisplayName("a changed actor name is a different statement: agents are part of the statement")
  void actorNameConflicts() {
    JsonObject renamed = submitted();
    renamed.getJsonObject("actor").put("name", "Samantha");

    assertThat(StatementComparison.sameStatement(stored(), renamed)).isFalse();
  }

  @Test
  @DisplayName("inside a SubStatement, the activity definition and verb display are ignored too")
  void subStatementImmutabilityExceptions() {
    JsonObject sub = new JsonObject("""
        {"objectType":"SubStatement","actor":{"mbox":"mailto:a@example.org"},
         "verb":{"id":"http://example.org/verbs/plan","display":{"en":"planned"}},
         "object":{"id":"http://example.org/a","definition":{"name":{"en":"A"}}}}""");
    JsonObject stored = stored().put("object", sub);
    JsonObject resent = submitted().put("object", sub.copy());
    resent.getJsonObject("object").getJsonObject("object").put("definition", new JsonObject()
        .put("name", new JsonObject().put("en", "A, renamed")));
    resent.getJsonObject("object").getJsonObject("verb").remove("display");

    assertThat(StatementComparison.sameStatement(stored, resent)).isTrue();
  }
}
