package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Evidence in plain words: the course title, the provider, the outcome, and statutory training by its CSTF subject. */
class EvidenceInWordsIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static JsonObject evidence(JsonObject passport, String competency, String stage) {
    for (Object c : passport.getJsonArray("competencies")) {
      JsonObject competencyJson = (JsonObject) c;
      if (competency.equals(competencyJson.getString("number"))) {
        for (Object s : competencyJson.getJsonArray("stages")) {
          if (stage.equals(((JsonObject) s).getString("stage"))) {
            return ((JsonObject) s).getJsonArray("evidence").getJsonObject(0);
          }
        }
      }
    }
    throw new AssertionError("no evidence for " + competency + " at " + stage + " in " + passport.encodePrettily());
  }

  @Test
  @DisplayName("statutory training is named by its CSTF subject and level with its renewal date; a course by its title, provider and result; the rule stays as detail")
  void evidenceInWords() throws Exception {
    Credential trust = hub.organisation("Words Trust " + UUID.randomUUID(), "passport:read", "person:link");
    JsonObject agent = new JsonObject().put("account",
        new JsonObject().put("homePage", "https://words.example.org").put("name", UUID.randomUUID().toString()));
    JsonObject ipc = SharingHarness.completed("mailto:unused@example.org", "5.6").put("actor", agent)
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
        .put("object", new JsonObject().put("id", "https://ahp-hub.org/vocab/cstf/infection-prevention-control-l2")
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", ""))))
        .put("result", new JsonObject().put("success", true).put("completion", true)
            .put("score", new JsonObject().put("scaled", 0.9)))
        .put("context", new JsonObject().put("platform", "e-Learning for Health"))
        .put("timestamp", "2026-06-01T09:00:00Z");
    hub.publishStatement(ipc, EventTypes.STATEMENT_STORED, trust.organisationId());
    String personId = hub.awaitPerson(agent);
    JsonObject course = SharingHarness.completed("mailto:unused@example.org", "4.1/entry").put("actor", agent);
    course.getJsonObject("object").put("definition", new JsonObject().put("name",
        new JsonObject().put("fr", "Communiquer").put("en-GB", "Communicating in care")));
    hub.publishStatement(course, EventTypes.STATEMENT_STORED, trust.organisationId());

    String token = hub.learnerToken(personId);
    JsonObject passport = SharingHarness.eventually(
        () -> hub.asLearner("GET", "/me/passport", token, null).bodyAsJsonObject(),
        body -> body.getJsonArray("competencies").size() == 2);

    JsonObject training = evidence(passport, "5.6", "entry");
    assertThat(training.getString("title")).isEqualTo("Infection Prevention and Control, Level 2");
    assertThat(training.getString("provider")).isEqualTo("e-Learning for Health");
    assertThat(training.getString("outcome")).isEqualTo("Passed, 90%");
    assertThat(training.getJsonObject("training")).isEqualTo(new JsonObject()
        .put("framework", "Core Skills Training Framework").put("subject", "infection-prevention-control-l2")
        .put("subjectTitle", "Infection Prevention and Control").put("level", 2)
        .put("title", "Infection Prevention and Control, Level 2").put("renewal", "P1Y")
        .put("renewBy", "2027-06-01T09:00:00Z"));
    assertThat(training.getJsonObject("rule").getString("id")).isEqualTo("statutory-mandatory-training");
    assertThat(training.getJsonObject("result"))
        .isEqualTo(new JsonObject().put("success", true).put("completion", true).put("scoreScaled", 0.9));

    JsonObject learning = evidence(passport, "4.1", "entry");
    assertThat(learning.getString("title")).isEqualTo("Communicating in care");
    assertThat(learning.getString("provider")).as("no platform named: the organisation that asserted it")
        .isEqualTo("Example Trust");
    assertThat(learning.getString("outcome")).isEqualTo("Completed");
    assertThat(learning.containsKey("training")).isFalse();
    assertThat(learning.getJsonObject("activity").getString("iri")).startsWith("https://learning.example.org/course/");

    // Fire safety done long ago has expired: the passport leads with it and says where to renew.
    Credential provider = hub.organisation("Renewal Academy " + UUID.randomUUID(), "catalogue:write");
    String refresher = "https://academy.example.org/fire-safety-refresher-" + UUID.randomUUID();
    var registered = hub.as(provider, "PUT", "/catalogue/activities", new JsonObject().put("activities",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", refresher).put("competencies",
            new io.vertx.core.json.JsonArray().add(new JsonObject().put("competency", "5.1")
                .put("stages", new io.vertx.core.json.JsonArray().add("entry")))))));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(200);
    JsonObject fire = SharingHarness.completed("mailto:unused@example.org", "5.6").put("actor", agent)
        .put("object", new JsonObject().put("id", "https://ahp-hub.org/vocab/cstf/fire-safety"))
        .put("timestamp", "2024-01-10T09:00:00Z");
    fire.remove("context");
    hub.publishStatement(fire, EventTypes.STATEMENT_STORED, trust.organisationId());
    JsonObject withFire = SharingHarness.eventually(
        () -> hub.asLearner("GET", "/me/passport", token, null).bodyAsJsonObject(),
        body -> body.getJsonArray("actions", new io.vertx.core.json.JsonArray()).size() > 0);
    JsonObject first = withFire.getJsonArray("actions").getJsonObject(0);
    assertThat(first.getString("competency")).isEqualTo("5.1");
    assertThat(first.getJsonArray("stageTitles")).containsExactly("Support worker", "Senior support worker",
        "Assistant practitioner");
    assertThat(withFire.getJsonArray("actions")).hasSize(1);
    assertThat(first.getString("status")).isEqualTo("expired");
    assertThat(first.getString("validUntil")).isEqualTo("2025-01-10T09:00:00Z");
    assertThat(first.getJsonArray("training").getJsonObject(0).getString("title")).isEqualTo("Fire Safety");
    assertThat(first.getJsonArray("renewWith").getJsonObject(0).getString("activity")).isEqualTo(refresher);
    assertThat(first.getJsonArray("renewWith").getJsonObject(0).getString("organisation"))
        .startsWith("Renewal Academy");

    JsonObject credentials = hub.asLearner("GET", "/me/credentials", token, null).bodyAsJsonObject();
    JsonObject ipcCredential = credentials.getJsonArray("credentials").stream().map(JsonObject.class::cast)
        .filter(c -> "5.6".equals(c.getString("competency")) && "entry".equals(c.getString("stage")))
        .findFirst().orElseThrow();
    assertThat(ipcCredential.getString("competencyTitle")).isEqualTo("Infection prevention and control");
    assertThat(ipcCredential.getString("stageTitle")).isEqualTo("Support worker");
    assertThat(ipcCredential.getString("validFrom")).isEqualTo("2026-06-01T09:00:00Z");
    assertThat(ipcCredential.getString("validUntil")).isEqualTo("2027-06-01T09:00:00Z");
    assertThat(ipcCredential.getString("issuedAt")).isNotNull();
  }
}
