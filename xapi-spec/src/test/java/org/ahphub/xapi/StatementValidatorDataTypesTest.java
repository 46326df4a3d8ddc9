package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StatementValidator: data type rules the ADL conformance suite checks")
class StatementValidatorDataTypesTest {

  private static JsonObject statement() {
    return new JsonObject("""
        {"actor":{"mbox":"mailto:sam@example.nhs.uk"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
         "object":{"id":"https://example.org/course/1"}}""");
  }

  private static List<String> rules(JsonObject statement) {
    return StatementValidator.validate(statement, XapiVersion.V1_0_3).stream().map(Violation::rule).toList();
  }

  @Test
  @DisplayName("Data 2.4.2.3 (XAPI-00038): an mbox is mailto: followed by an e-mail address")
  void mboxIsAnEmailAddress() {
    assertThat(rules(statement().put("actor", new JsonObject().put("mbox", "mailto:should.fail.com"))))
        .contains("agent.mbox.mailto");
    assertThat(rules(statement())).isEmpty();
  }

  @Test
  @DisplayName("Data 2.4.4.1 (XAPI-00064): interaction properties need an interactionType")
  void interactionPropertiesNeedInteractionType() {
    JsonObject definition = new JsonObject().put("choices",
        new JsonArray().add(new JsonObject().put("id", "a").put("description", new JsonObject().put("en", "A"))));
    JsonObject statement = statement();
    statement.getJsonObject("object").put("definition", definition);

    assertThat(rules(statement)).contains("activity.definition.interactionType.required");
    definition.put("interactionType", "choice");
    assertThat(rules(statement)).doesNotContain("activity.definition.interactionType.required");
  }

  @Test
  @DisplayName("Data 4.5: a timestamp may not use the -00 or -00:00 offset")
  void negativeZeroOffsetIsRejected() {
    assertThat(rules(statement().put("timestamp", "2008-09-15T15:53:00.601-00:00"))).contains("timestamp.offset");
    assertThat(rules(statement().put("timestamp", "2008-09-15T15:53:00.601+00:00"))).isEmpty();
  }

  @Test
  @DisplayName("Data 4.6: a duration in weeks stands alone (P4W1D is not a duration)")
  void weeksStandAlone() {
    assertThat(rules(statement().put("result", new JsonObject().put("duration", "P4W1D"))))
        .contains("result.duration.iso8601");
    assertThat(rules(statement().put("result", new JsonObject().put("duration", "P4W")))).isEmpty();
  }

  @Test
  @DisplayName("Data 2.4.9 (XAPI-00100): an authority Group is an anonymous two-member OAuth group")
  void authorityGroupIsAnonymous() {
    JsonArray members = new JsonArray()
        .add(new JsonObject().put("mbox", "mailto:a@example.org"))
        .add(new JsonObject().put("mbox", "mailto:b@example.org"));
    assertThat(rules(statement().put("authority", new JsonObject().put("objectType", "Group")
        .put("mbox", "mailto:group@example.org").put("member", members)))).contains("authority.group.anonymous");
  }
}
