package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Display names: taken from the statements' actor.name with who said it, shown to the person and those with access. */
class PersonNamesIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static JsonObject named(JsonObject agent, String name, String competency, String timestamp) {
    return SharingHarness.completed("mailto:unused@example.org", competency)
        .put("actor", agent.copy().put("name", name)).put("timestamp", timestamp);
  }

  @Test
  @DisplayName("the person and an employer with consent see the name with who said it and when; the employer sees its own staff number beside it; a stranger sees nothing")
  void namesShownWithConsentOnly() throws Exception {
    String homePage = "https://" + UUID.randomUUID() + ".nhs.example";
    Credential employer = hub.organisationAt("Names Trust", homePage, "passport:read", "person:link");
    Credential other = hub.organisation("Other Trust " + UUID.randomUUID(), "passport:read", "person:link");
    String staffNumber = "E" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject agent = new JsonObject().put("account", new JsonObject().put("homePage", homePage).put("name", staffNumber));
    hub.publishStatement(named(agent, "Sam\u0000 Patel ", "5.6", "2026-10-01T09:00:00Z"), EventTypes.STATEMENT_STORED,
        employer.organisationId());
    String personId = hub.awaitPerson(agent);

    JsonObject own = SharingHarness.eventually(
        () -> hub.asLearner("GET", "/me/passport", hub.learnerToken(personId), null).bodyAsJsonObject(),
        body -> body.containsKey("displayName"));
    assertThat(own.getString("displayName")).isEqualTo("Sam Patel");
    JsonObject stated = own.getJsonArray("names").getJsonObject(0);
    assertThat(stated.getJsonObject("statedBy").getString("organisationId")).isEqualTo(employer.organisationId());
    assertThat(stated.getJsonObject("statedBy").getString("name")).isEqualTo("Example Trust");
    assertThat(stated.getString("statedAt")).isEqualTo("2026-10-01T09:00:00Z");

    var stranger = hub.as(other, "GET", "/passports/" + personId, null);
    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(stranger.bodyAsString()).doesNotContain("Sam Patel");

    // Without consent an organisation sees only what it contributed: the employer its own statement of the name,
    // the other organisation (which contributed learning without a name) no name at all.
    JsonObject contributed = hub.as(employer, "GET", "/passports/" + personId, null).bodyAsJsonObject();
    assertThat(contributed.getString("view")).isEqualTo("contributed");
    assertThat(contributed.getString("displayName")).isEqualTo("Sam Patel");
    assertThat(contributed.containsKey("staffNumbers")).isFalse();
    JsonObject unnamed = SharingHarness.completed("mailto:unused@example.org", "4.1/entry").put("actor", agent);
    hub.publishStatement(unnamed, EventTypes.STATEMENT_STORED, other.organisationId());
    JsonObject otherContributed = SharingHarness.eventually(
        () -> hub.as(other, "GET", "/passports/" + personId, null),
        response -> response.statusCode() == 200).bodyAsJsonObject();
    assertThat(otherContributed.getString("view")).isEqualTo("contributed");
    assertThat(otherContributed.containsKey("displayName")).isFalse();
    assertThat(otherContributed.encode()).doesNotContain("Patel");

    hub.employ(employer, personId);
    JsonObject seen = hub.as(employer, "GET", "/passports/" + personId, null).bodyAsJsonObject();
    assertThat(seen.getString("displayName")).isEqualTo("Sam Patel");
    assertThat(seen.getJsonArray("staffNumbers")).isEqualTo(new JsonArray().add(staffNumber));

    hub.employ(other, personId);
    JsonObject seenByOther = hub.as(other, "GET", "/passports/" + personId, null).bodyAsJsonObject();
    assertThat(seenByOther.getString("displayName")).isEqualTo("Sam Patel");
    assertThat(seenByOther.getJsonArray("staffNumbers")).isEmpty();

    var credentials = hub.asLearner("GET", "/me/credentials", hub.learnerToken(personId), null);
    assertThat(credentials.bodyAsString()).doesNotContain("Sam Patel");
    assertThat(SharingHarness.records(Topics.PASSPORT_UPDATES, personId, 1))
        .isNotEmpty().allSatisfy(record -> assertThat(record.value()).doesNotContain("Patel"));
  }

  @Test
  @DisplayName("a later statement's name replaces an earlier one; an older statement arriving late changes nothing")
  void latestStatementWins() throws Exception {
    Credential trust = hub.organisation("Renaming Trust " + UUID.randomUUID(), "passport:read", "person:link");
    JsonObject agent = new JsonObject().put("account",
        new JsonObject().put("homePage", "https://rename.example.org").put("name", UUID.randomUUID().toString()));
    hub.publishStatement(named(agent, "Jo Bloggs", "5.6", "2026-10-01T09:00:00Z"), EventTypes.STATEMENT_STORED,
        trust.organisationId());
    String personId = hub.awaitPerson(agent);
    hub.publishStatement(named(agent, "Jo Smith", "5.1", "2026-11-01T09:00:00Z"), EventTypes.STATEMENT_STORED,
        trust.organisationId());
    hub.publishStatement(named(agent, "J. Bloggs (old record)", "5.2", "2026-01-01T09:00:00Z"),
        EventTypes.STATEMENT_STORED, trust.organisationId());
    String token = hub.learnerToken(personId);
    JsonObject own = SharingHarness.eventually(
        () -> hub.asLearner("GET", "/me/passport", token, null).bodyAsJsonObject(),
        body -> body.getJsonArray("competencies").size() == 3);
    assertThat(own.getString("displayName")).isEqualTo("Jo Smith");
    assertThat(own.getJsonArray("names")).hasSize(1);
  }
}
