package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Learning that credits nothing is listed in the person's passport, and practice assessed by someone is shown as
 * an assessment, apart from learning (issue 18), on the real PostgreSQL and Kafka.
 */
class LearningRecordsIT {

  private static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  private static final String ASSESSOR_STAFF_NUMBER = "200145";
  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static JsonObject account(String homePage) {
    return new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", homePage).put("name", UUID.randomUUID().toString()));
  }

  /** A statement as the LRS stores it, for {@code agent}, of {@code verb} on a named activity. */
  private static JsonObject statement(JsonObject agent, String verb, String title) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", agent)
        .put("verb", new JsonObject().put("id", VERBS + verb))
        .put("object", new JsonObject().put("objectType", "Activity")
            .put("id", "https://learning.example-trust.nhs.uk/catalogue/" + UUID.randomUUID())
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", title))))
        .put("context", new JsonObject().put("platform", "Local trust training"))
        .put("timestamp", "2024-02-12T09:00:00Z")
        .put("stored", "2024-02-12T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Example Trust")
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  /** As the local training connector writes a competence row: judged, with the assessor as instructor. */
  private static JsonObject assessed(JsonObject agent, boolean competent, String title, String competency) {
    JsonObject statement = statement(agent, competent ? "passed" : "failed", title)
        .put("result", new JsonObject().put("success", competent).put("completion", true));
    statement.getJsonObject("context")
        .put("instructor", new JsonObject().put("objectType", "Agent").put("account", new JsonObject()
            .put("homePage", "https://www.example-trust.nhs.uk").put("name", ASSESSOR_STAFF_NUMBER)))
        .put("contextActivities", new JsonObject().put("category", new JsonArray()
            .add(new JsonObject().put("id", SharingHarness.COMPETENCIES + competency))));
    return statement;
  }

  private static JsonObject voiding(JsonObject agent, String target) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("actor", agent)
        .put("verb", new JsonObject().put("id", VERBS + "voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target))
        .put("timestamp", "2024-03-01T09:00:00Z").put("stored", "2024-03-01T09:00:01Z");
  }

  private static JsonArray learning(String personId) {
    var read = hub.asOperator("GET", "/passports/" + personId, null);
    return read.statusCode() == 200 ? read.bodyAsJsonObject().getJsonArray("learning") : null;
  }

  private static List<String> titles(JsonArray learning) {
    return learning == null ? null : learning.stream().map(item -> ((JsonObject) item).getString("title")).toList();
  }

  private static JsonObject passport(String personId) {
    return hub.asOperator("GET", "/passports/" + personId, null).bodyAsJsonObject();
  }

  private static long rows(String sql, Object... parameters) {
    return hub.mapper.pool().preparedQuery(sql).execute(Tuple.from(parameters)).await().iterator().next().getLong(0);
  }

  @Test
  @DisplayName("an attended session that credits nothing is listed in words; redelivered it is listed once; voided it is gone")
  void listedOnceAndVoided() throws Exception {
    Credential trust = hub.organisation("Learning Trust " + UUID.randomUUID(), "passport:read");
    JsonObject agent = account("https://www.example-trust.nhs.uk");
    JsonObject attended = statement(agent, "attended", "Dysphagia awareness");
    attended.getJsonObject("context").put("contextActivities", new JsonObject().put("category", new JsonArray()
        .add(new JsonObject().put("id", SharingHarness.COMPETENCIES + "3.1"))));
    hub.publishStatement(attended, EventTypes.STATEMENT_STORED, trust.organisationId());
    String personId = hub.awaitPerson(agent);

    JsonObject passport = SharingHarness.eventually(() -> passport(personId), p -> p.getJsonArray("learning") != null);
    assertThat(passport.getJsonArray("competencies")).as("attending credits nothing").isEmpty();
    JsonObject item = passport.getJsonArray("learning").getJsonObject(0);
    assertThat(item.getString("statementId")).isEqualTo(attended.getString("id"));
    assertThat(item.getString("kind")).isEqualTo("learning");
    assertThat(item.getString("verb")).isEqualTo("attended");
    assertThat(item.getString("title")).isEqualTo("Dysphagia awareness");
    assertThat(item.getString("provider")).isEqualTo("Local trust training");
    assertThat(item.getString("outcome")).isEqualTo("Attended");
    assertThat(item.getString("achievedAt")).isEqualTo("2024-02-12T09:00:00Z");
    assertThat(item.getString("sourceOrganisationId")).isEqualTo(trust.organisationId());
    assertThat(item.containsKey("assessor")).isFalse();
    long version = passport.getLong("version");

    // The same event again, then a completed e-learning course no rule credits: the attended session stays once.
    hub.publishStatement(attended, EventTypes.STATEMENT_STORED, trust.organisationId());
    JsonObject course = statement(agent, "completed", "Understanding dementia");
    course.getJsonObject("context").put("platform", "e-Learning for Health");
    hub.publishStatement(course, EventTypes.STATEMENT_STORED, trust.organisationId());
    JsonArray both = SharingHarness.eventually(() -> learning(personId), l -> l.size() >= 2);
    assertThat(titles(both)).containsExactlyInAnyOrder("Dysphagia awareness", "Understanding dementia");
    JsonObject completed = both.stream().map(JsonObject.class::cast)
        .filter(l -> "Understanding dementia".equals(l.getString("title"))).findFirst().orElseThrow();
    assertThat(completed.getString("outcome")).isEqualTo("Completed");
    assertThat(completed.getString("provider")).isEqualTo("e-Learning for Health");
    assertThat(rows("SELECT count(*) FROM mapper.learning_record WHERE lrs_statement_id = $1",
        UUID.fromString(attended.getString("id")))).isEqualTo(1);
    assertThat(passport(personId).getLong("version")).as("each new record moves the passport on")
        .isEqualTo(version + 1);

    hub.publishStatement(voiding(agent, attended.getString("id")), EventTypes.STATEMENT_VOIDED,
        trust.organisationId());
    assertThat(titles(SharingHarness.eventually(() -> learning(personId), l -> l.size() == 1)))
        .containsExactly("Understanding dementia");
    assertThat(rows("SELECT count(*) FROM mapper.learning_record WHERE lrs_statement_id = $1",
        UUID.fromString(attended.getString("id")))).isZero();
  }

  @Test
  @DisplayName("observed practice judged competent is evidence shown as an assessment; not yet competent is an assessment "
      + "that credits nothing; neither names the assessor, only their role")
  void assessedPractice() throws Exception {
    Credential trust = hub.organisation("Assessing Trust " + UUID.randomUUID(), "passport:read");
    JsonObject agent = account("https://www.example-trust.nhs.uk");
    JsonObject competent = assessed(agent, true, "Hand hygiene - observed practice", "5.6/entry");
    JsonObject notYet = assessed(agent, false, "Hoist transfers - assessment in practice", "5.1/intermediate");
    hub.publishStatement(competent, EventTypes.STATEMENT_STORED, trust.organisationId());
    hub.publishStatement(notYet, EventTypes.STATEMENT_STORED, trust.organisationId());
    String personId = hub.awaitPerson(agent);
    JsonObject passport = SharingHarness.eventually(() -> passport(personId),
        p -> p.getJsonArray("learning", new JsonArray()).size() == 1 && p.getJsonArray("competencies").size() == 1);

    JsonObject competency = passport.getJsonArray("competencies").getJsonObject(0);
    assertThat(competency.getString("number")).as("not yet competent credits nothing").isEqualTo("5.6");
    JsonObject evidence = competency.getJsonArray("stages").getJsonObject(0).getJsonArray("evidence").getJsonObject(0);
    assertThat(evidence.getString("kind")).as("the statement's assessment outranks the rule's learning")
        .isEqualTo("assessed-practice");
    assertThat(evidence.getString("outcome")).isEqualTo("Competent");
    assertThat(evidence.getJsonObject("assessor")).isEqualTo(new JsonObject().put("role", "Assessor"));

    JsonObject item = passport.getJsonArray("learning").getJsonObject(0);
    assertThat(item.getString("statementId")).isEqualTo(notYet.getString("id"));
    assertThat(item.getString("kind")).isEqualTo("assessed-practice");
    assertThat(item.getString("verb")).isEqualTo("failed");
    assertThat(item.getString("title")).isEqualTo("Hoist transfers - assessment in practice");
    assertThat(item.getString("outcome")).isEqualTo("Not yet competent");
    assertThat(item.getJsonObject("assessor")).isEqualTo(new JsonObject().put("role", "Assessor"));
    assertThat(passport.encode()).as("the assessor's identity appears nowhere").doesNotContain(ASSESSOR_STAFF_NUMBER);
  }

  @Test
  @DisplayName("learning records are seen by the person and those they consented to; another organisation gets the "
      + "404 of an unknown person; the organisation that recorded them sees its own")
  void sameVisibilityAsEvidence() throws Exception {
    Credential trust = hub.organisation("Recording Trust " + UUID.randomUUID(), "passport:read", "person:link");
    Credential employer = hub.organisation("Employer " + UUID.randomUUID(), "passport:read", "person:link");
    Credential stranger = hub.organisation("Stranger " + UUID.randomUUID(), "passport:read", "person:link");
    JsonObject agent = account("https://www.example-trust.nhs.uk");
    hub.publishStatement(statement(agent, "attended", "Manual handling refresher"), EventTypes.STATEMENT_STORED,
        trust.organisationId());
    String personId = hub.awaitPerson(agent);
    SharingHarness.eventually(() -> learning(personId), l -> l != null && l.size() == 1);

    JsonObject own = hub.asLearner("GET", "/me/passport", hub.learnerToken(personId), null).bodyAsJsonObject();
    assertThat(titles(own.getJsonArray("learning"))).containsExactly("Manual handling refresher");

    var strangers = hub.as(stranger, "GET", "/passports/" + personId, null);
    var unknown = hub.as(stranger, "GET", "/passports/" + UUID.randomUUID(), null);
    assertThat(strangers.statusCode()).isEqualTo(404);
    assertThat(strangers.bodyAsString()).isEqualTo(unknown.bodyAsString());

    var contributed = hub.as(trust, "GET", "/passports/" + personId, null);
    assertThat(contributed.statusCode()).as("it recorded the learning itself").isEqualTo(200);
    assertThat(contributed.bodyAsJsonObject().getString("view")).isEqualTo("contributed");
    assertThat(titles(contributed.bodyAsJsonObject().getJsonArray("learning")))
        .containsExactly("Manual handling refresher");
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode())
        .as("no consent yet, and it recorded nothing").isEqualTo(404);

    hub.employ(employer, personId);
    var consented = hub.as(employer, "GET", "/passports/" + personId, null);
    assertThat(consented.statusCode()).isEqualTo(200);
    assertThat(titles(consented.bodyAsJsonObject().getJsonArray("learning")))
        .containsExactly("Manual handling refresher");
  }

  @Test
  @DisplayName("joining two records moves the learning records to the survivor; undoing the join moves them back")
  void mergeMovesThem() throws Exception {
    Credential trust = hub.organisation("Merging Trust " + UUID.randomUUID(), "passport:read");
    String mbox = "mailto:learner-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject byMail = new JsonObject().put("mbox", mbox);
    JsonObject byAccount = account("https://www.example-trust.nhs.uk");
    hub.publishStatement(statement(byAccount, "attended", "Session under the staff number"),
        EventTypes.STATEMENT_STORED, trust.organisationId());
    hub.publishStatement(statement(byMail, "completed", "Course under the e-mail address"),
        EventTypes.STATEMENT_STORED, trust.organisationId());
    String survivor = hub.awaitPerson(byAccount);
    String merged = hub.awaitPerson(byMail);
    SharingHarness.eventually(() -> learning(merged), l -> l != null && l.size() == 1);
    SharingHarness.eventually(() -> learning(survivor), l -> l != null && l.size() == 1);

    var linked = hub.asOperator("POST", "/persons/" + survivor + "/identifiers", byMail);
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("mergedPersonId")).isEqualTo(merged);
    assertThat(titles(learning(survivor)))
        .containsExactlyInAnyOrder("Session under the staff number", "Course under the e-mail address");

    var undone = hub.asOperator("POST", "/persons/" + survivor + "/merges/" + merged + "/undo", null);
    assertThat(undone.statusCode()).as(undone.bodyAsString()).isEqualTo(200);
    assertThat(titles(learning(survivor))).containsExactly("Session under the staff number");
    assertThat(titles(learning(merged))).containsExactly("Course under the e-mail address");
  }

  @Test
  @DisplayName("erasing the person leaves no learning record and none of its words; the export lists them first")
  void erasure() throws Exception {
    Credential trust = hub.organisation("Erasing Trust " + UUID.randomUUID(), "passport:read");
    JsonObject agent = account("https://www.example-trust.nhs.uk");
    JsonObject attended = statement(agent, "attended", "Dysphagia awareness");
    hub.publishStatement(attended, EventTypes.STATEMENT_STORED, trust.organisationId());
    String personId = hub.awaitPerson(agent);
    SharingHarness.eventually(() -> learning(personId), l -> l != null && l.size() == 1);
    UUID person = UUID.fromString(personId);
    UUID key = hub.mapper.pool().preparedQuery("SELECT statement_key FROM mapper.learning_record WHERE person_id = $1")
        .execute(Tuple.of(person)).await().iterator().next().getUUID(0);
    assertThat(rows("SELECT count(*) FROM mapper.statement_detail WHERE statement_key = $1", key)).isEqualTo(1);

    var export = hub.asOperator("GET", "/persons/" + personId + "/export", null);
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(zipEntry(export.body().getBytes(), "learning.json")).contains("Dysphagia awareness");

    var started = hub.asOperator("POST", "/persons/" + personId + "/erase", new JsonObject());
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    String erasureId = started.bodyAsJsonObject().getString("id");
    // The passport's part done (this process holds no LRS, whose part the erasure waits for).
    SharingHarness.eventually(() -> hub.asOperator("GET", "/erasures/" + erasureId, null).bodyAsJsonObject(),
        e -> e.getJsonArray("partsDone", new JsonArray()).contains("passport"));
    assertThat(rows("SELECT count(*) FROM mapper.learning_record WHERE person_id = $1 OR statement_key = $2",
        person, key)).isZero();
    assertThat(rows("SELECT count(*) FROM mapper.statement_detail WHERE statement_key = $1", key)).isZero();
  }

  private static String zipEntry(byte[] zip, String name) throws java.io.IOException {
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().endsWith(name)) {
          return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError("no " + name + " in the export");
  }
}
