package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementValidatorTest {

  private static JsonObject valid() {
    return new JsonObject("""
        {"id":"fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
         "actor":{"objectType":"Agent","name":"Sam","mbox":"mailto:sam@example.nhs.uk"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-GB":"completed"}},
         "object":{"id":"https://example.org/course/ipc-l1","definition":{"name":{"en-GB":"IPC level 1"}}},
         "result":{"score":{"scaled":0.9,"raw":90,"min":0,"max":100},"success":true,"duration":"PT25M"},
         "context":{"registration":"6e0a5d3b-0a0b-4bde-9c0a-1f0d3b9d8d11",
           "contextActivities":{"category":[{"id":"https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6"}]}},
         "timestamp":"2026-11-20T10:15:00.000Z"}""");
  }

  private static List<String> rules(JsonObject statement, XapiVersion version) {
    return StatementValidator.validate(statement, version).stream().map(Violation::rule).toList();
  }

  @Test
  @DisplayName("a well-formed statement has no violations on 1.0.3 or 2.0.0")
  void wellFormed() {
    assertThat(StatementValidator.validate(valid(), XapiVersion.V1_0_3)).isEmpty();
    assertThat(StatementValidator.validate(valid(), XapiVersion.V2_0_0)).isEmpty();
  }

  @Test
  @DisplayName("actor, verb and object are required and each missing one is reported at its path")
  void requiredProperties() {
    JsonObject statement = valid();
    statement.remove("actor");
    statement.remove("verb");
    statement.remove("object");
    assertThat(StatementValidator.validate(statement, XapiVersion.V1_0_3))
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("$.actor", "$.verb", "$.object");
  }

  @Test
  @DisplayName("a statement that is not a JSON object is rejected")
  void notAnObject() {
    assertThat(rules(null, XapiVersion.V1_0_3)).containsExactly("statement.object");
    assertThat(StatementValidator.validate("text", XapiVersion.V1_0_3))
        .extracting(Violation::rule).containsExactly("statement.object");
  }

  @Test
  @DisplayName("an Agent must have exactly one inverse functional identifier")
  void agentIdentifiers() {
    JsonObject twoIfis = valid();
    twoIfis.getJsonObject("actor").put("openid", "https://id.example.org/sam");
    assertThat(rules(twoIfis, XapiVersion.V1_0_3)).contains("agent.ifi.exactly-one");

    JsonObject none = valid();
    none.put("actor", new JsonObject().put("name", "nobody"));
    assertThat(rules(none, XapiVersion.V1_0_3)).contains("agent.ifi.exactly-one");
  }

  @Test
  @DisplayName("mbox must be a mailto IRI and an account needs homePage and name")
  void identifierFormats() {
    JsonObject badMbox = valid();
    badMbox.getJsonObject("actor").put("mbox", "sam@example.nhs.uk");
    assertThat(rules(badMbox, XapiVersion.V1_0_3)).containsExactly("agent.mbox.mailto");

    JsonObject account = valid();
    account.put("actor", new JsonObject().put("account", new JsonObject().put("name", "12345")));
    assertThat(StatementValidator.validate(account, XapiVersion.V1_0_3))
        .extracting(Violation::path).containsExactly("$.actor.account.homePage");
  }

  @Test
  @DisplayName("the verb id must be an IRI")
  void verbIri() {
    JsonObject statement = valid();
    statement.getJsonObject("verb").put("id", "completed");
    assertThat(rules(statement, XapiVersion.V1_0_3)).containsExactly("verb.id.iri");
  }

  @Test
  @DisplayName("properties xAPI does not define are rejected, wherever they are")
  void unknownProperties() {
    JsonObject statement = valid();
    statement.put("colour", "blue");
    statement.getJsonObject("result").put("grade", "A");
    assertThat(StatementValidator.validate(statement, XapiVersion.V1_0_3))
        .extracting(Violation::path).containsExactlyInAnyOrder("$.colour", "$.result.grade");
  }

  @Test
  @DisplayName("a statement id must be a UUID and a timestamp must be an ISO 8601 date-time")
  void idAndTimestamp() {
    JsonObject statement = valid();
    statement.put("id", "not-a-uuid");
    statement.put("timestamp", "20/11/2026");
    assertThat(rules(statement, XapiVersion.V1_0_3))
        .containsExactlyInAnyOrder("statement.id.uuid", "timestamp.iso8601");
  }

  @Test
  @DisplayName("score.scaled lies between -1 and 1 and raw lies between min and max")
  void scoreRanges() {
    JsonObject statement = valid();
    statement.getJsonObject("result").put("score", new JsonObject().put("scaled", 1.5).put("raw", 120).put("max", 100));
    assertThat(rules(statement, XapiVersion.V1_0_3))
        .containsExactlyInAnyOrder("result.score.scaled.range", "result.score.raw.range");
  }

  @Test
  @DisplayName("contextAgents is a 2.0.0 property: rejected on 1.0.3, accepted on 2.0.0")
  void contextAgentsByVersion() {
    JsonObject statement = valid();
    statement.getJsonObject("context").put("contextAgents", new JsonArray().add(new JsonObject()
        .put("objectType", "contextAgent")
        .put("agent", new JsonObject().put("mbox", "mailto:assessor@example.nhs.uk"))));
    assertThat(rules(statement, XapiVersion.V1_0_3)).containsExactly("object.unknown-property");
    assertThat(rules(statement, XapiVersion.V2_0_0)).isEmpty();
  }

  @Test
  @DisplayName("a voiding statement must point at a StatementRef")
  void voidingNeedsStatementRef() {
    JsonObject statement = valid();
    statement.getJsonObject("verb").put("id", Verbs.VOIDED);
    assertThat(rules(statement, XapiVersion.V1_0_3)).containsExactly("statement.voiding.statementref");
  }

  @Test
  @DisplayName("null values are rejected with the path of the property")
  void nullValues() {
    JsonObject statement = valid();
    statement.getJsonObject("result").putNull("success");
    assertThat(StatementValidator.validate(statement, XapiVersion.V1_0_3))
        .extracting(Violation::path).contains("$.result.success");
  }

  @Test
  @DisplayName("revision and platform are only allowed when the object is an Activity")
  void revisionOnlyForActivities() {
    JsonObject statement = valid();
    statement.put("object", new JsonObject().put("objectType", "Agent").put("mbox", "mailto:x@example.org"));
    statement.getJsonObject("context").put("platform", "e-LfH");
    assertThat(rules(statement, XapiVersion.V1_0_3)).containsExactly("context.platform.activity-only");
  }

  @Test
  @DisplayName("a statement's version must be 1.0.x under 1.0.3")
  void statementVersion() {
    JsonObject statement = valid().put("version", "2.0.0");
    assertThat(rules(statement, XapiVersion.V1_0_3)).containsExactly("statement.version");
    assertThat(rules(statement, XapiVersion.V2_0_0)).isEmpty();
  }
}
