package org.ahphub.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Who may see whose passport, against a real PostgreSQL and Kafka. */
class PassportAccessIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static String mbox() {
    return "mailto:access-" + UUID.randomUUID() + "@example.nhs.uk";
  }

  @Test
  @DisplayName("the admin API creates organisations and credentials; the secret is shown once, works, and stops working when rotated or revoked")
  void organisationsAndCredentials() {
    Credential trust = hub.organisation("Credential Trust " + UUID.randomUUID(), "passport:read");
    assertThat(trust.secret()).isNotBlank();
    assertThat(hub.as(trust, "GET", "/passports/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);

    var listed = hub.asOperator("GET", "/admin/organisations/" + trust.organisationId() + "/credentials", null);
    assertThat(listed.bodyAsString()).contains(trust.key()).doesNotContain(trust.secret());

    var rotated = hub.asOperator("POST", "/admin/credentials/" + trust.key() + "/rotate", null);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String newSecret = rotated.bodyAsJsonObject().getString("secret");
    assertThat(newSecret).isNotEqualTo(trust.secret());
    assertThat(hub.as(trust, "GET", "/passports/" + UUID.randomUUID(), null).statusCode()).isEqualTo(401);
    Credential rotatedCredential = new Credential(trust.organisationId(), trust.key(), newSecret);
    assertThat(hub.as(rotatedCredential, "GET", "/passports/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);

    assertThat(hub.asOperator("DELETE", "/admin/credentials/" + trust.key(), null).statusCode()).isEqualTo(204);
    assertThat(hub.as(rotatedCredential, "GET", "/passports/" + UUID.randomUUID(), null).statusCode()).isEqualTo(401);

    var duplicate = hub.asOperator("POST", "/admin/organisations", new JsonObject().put("name", "Hub Operator")
        .put("homePage", "https://hub.example.org"));
    assertThat(duplicate.statusCode()).isEqualTo(409);
    var badScope = hub.asOperator("POST", "/admin/organisations/" + trust.organisationId() + "/credentials",
        new JsonObject().put("scopes", new JsonArray().add("passport:everything")));
    assertThat(badScope.statusCode()).isEqualTo(400);
    assertThat(badScope.bodyAsJsonObject().getString("detail")).contains("passport:everything");
    assertThat(hub.as(rotatedCredential, "POST", "/admin/organisations", new JsonObject()).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("without a relationship an existing passport answers 404 exactly like an unknown person; a wrong scope answers 403")
  void noRelationshipLooksLikeUnknown() throws Exception {
    String mbox = mbox();
    String personId = hub.credit(mbox, "5.6");
    Credential stranger = hub.organisation("Stranger Trust " + UUID.randomUUID(), "passport:read");

    var existing = hub.as(stranger, "GET", "/passports/" + personId, null);
    var unknown = hub.as(stranger, "GET", "/passports/" + UUID.randomUUID(), null);
    assertThat(existing.statusCode()).isEqualTo(404);
    assertThat(existing.bodyAsString()).isEqualTo(unknown.bodyAsString());
    var lookup = hub.http.get(hub.mapper.port(), "localhost", "/persons")
        .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
        .basicAuthentication(stranger.key(), stranger.secret()).send().await();
    assertThat(lookup.statusCode()).isEqualTo(404);

    Credential subscriber = hub.organisation("Subscriber Only " + UUID.randomUUID(), "passport:subscribe");
    var forbidden = hub.as(subscriber, "GET", "/passports/" + personId, null);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.bodyAsJsonObject().getString("detail")).contains("passport:read");
  }

  @Test
  @DisplayName("an employer that proposed employment by the person's xAPI agent reads the passport once the person accepted and while employed, the read is audited for the person, and ending the employment hides it again")
  void relationshipGivesAccessUntilItEnds() throws Exception {
    String mbox = mbox();
    String personId = hub.credit(mbox, "4.2");
    Credential employer = hub.organisation("Employer Trust " + UUID.randomUUID(), "passport:read", "person:link");

    var future = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("agent", new JsonObject().put("mbox", mbox))
        .put("startsAt", Instant.now().plus(30, ChronoUnit.DAYS).toString()));
    assertThat(future.statusCode()).isEqualTo(201);
    hub.accept(personId, future.bodyAsJsonObject().getString("id"));
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode())
        .as("an accepted relationship that starts next month gives no access today").isEqualTo(404);

    var employment = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("agent", new JsonObject().put("mbox", mbox)).put("startsAt", "2025-04-01"));
    assertThat(employment.statusCode()).isEqualTo(201);
    assertThat(employment.bodyAsString()).doesNotContain(mbox).doesNotContain("mbox");
    assertThat(employment.bodyAsJsonObject().getString("status")).isEqualTo("proposed");
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode())
        .as("a proposal the person has not accepted gives no access").isEqualTo(404);
    hub.accept(personId, employment.bodyAsJsonObject().getString("id"));
    var read = hub.as(employer, "GET", "/passports/" + personId, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("personId")).isEqualTo(personId);

    String token = hub.learnerToken(personId);
    JsonArray audit = hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject().getJsonArray("events");
    assertThat(audit.stream().map(JsonObject.class::cast))
        .anySatisfy(e -> {
          assertThat(e.getString("action")).isEqualTo("passport.read");
          assertThat(e.getString("organisationId")).isEqualTo(employer.organisationId());
          assertThat(e.getString("organisation")).startsWith("Employer Trust");
        });

    String relationshipId = employment.bodyAsJsonObject().getString("id");
    assertThat(hub.as(employer, "POST", "/relationships/" + relationshipId + "/end", new JsonObject()).statusCode())
        .isEqualTo(200);
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(404);

    Credential other = hub.organisation("Other Trust " + UUID.randomUUID(), "person:link");
    assertThat(hub.as(other, "POST", "/relationships/" + relationshipId + "/end", new JsonObject()).statusCode())
        .as("another organisation cannot touch this relationship").isEqualTo(404);
    assertThat(hub.as(other, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("personId", personId).put("organisationId", employer.organisationId())).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("a person grants a training provider access with their learner token, and revoking the grant hides the passport at once")
  void personGrants() throws Exception {
    String personId = hub.credit(mbox(), "3.12");
    Credential provider = hub.organisation("Training Provider " + UUID.randomUUID(), "passport:read");
    String token = hub.learnerToken(personId);

    var me = hub.asLearner("GET", "/me", token, null);
    assertThat(me.bodyAsJsonObject().getString("personId")).isEqualTo(personId);
    assertThat(hub.asLearner("GET", "/me/passport", token, null).statusCode()).isEqualTo(200);

    assertThat(hub.as(provider, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(404);
    var past = hub.asLearner("POST", "/me/grants", token, new JsonObject()
        .put("organisationId", provider.organisationId()).put("expiresAt", "2020-01-01"));
    assertThat(past.statusCode()).isEqualTo(400);
    var grant = hub.asLearner("POST", "/me/grants", token, new JsonObject()
        .put("organisationId", provider.organisationId())
        .put("expiresAt", Instant.now().plus(7, ChronoUnit.DAYS).toString()));
    assertThat(grant.statusCode()).isEqualTo(201);
    assertThat(hub.as(provider, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(200);
    List<String> names = hub.asLearner("GET", "/me/organisations", token, null).bodyAsJsonObject()
        .getJsonArray("organisations").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    assertThat(names).as("the organisations the person deals with, not the hub's whole directory")
        .anyMatch(n -> n.startsWith("Training Provider")).noneMatch(n -> n.startsWith("Hub Operator"));

    String grantId = grant.bodyAsJsonObject().getString("id");
    assertThat(hub.asLearner("DELETE", "/me/grants/" + grantId, token, null).statusCode()).isEqualTo(200);
    assertThat(hub.as(provider, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(404);

    JsonArray audit = hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject().getJsonArray("events");
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")))
        .containsSubsequence("grant.created", "passport.read", "grant.revoked");
  }

  @Test
  @DisplayName("a learner token that is missing, unknown or for someone else's grant is refused")
  void learnerTokens() throws Exception {
    assertThat(hub.asLearner("GET", "/me/passport", "lt_not-a-token", null).statusCode()).isEqualTo(401);
    assertThat(hub.http.get(hub.mapper.port(), "localhost", "/me").send().await().statusCode()).isEqualTo(401);
    String token = hub.learnerToken(UUID.randomUUID().toString());
    String otherToken = hub.learnerToken(UUID.randomUUID().toString());
    Credential provider = hub.organisation("Grantee " + UUID.randomUUID(), "passport:read");
    String grantId = hub.asLearner("POST", "/me/grants", token, new JsonObject()
            .put("organisationId", provider.organisationId())
            .put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
        .bodyAsJsonObject().getString("id");
    assertThat(hub.asLearner("DELETE", "/me/grants/" + grantId, otherToken, null).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a person sees their linked identifiers (no e-mail address) and which organisations employ them and since when")
  void personSeesIdentifiersAndRelationships() throws Exception {
    String mbox = mbox();
    Credential employer = hub.organisation("Employing Trust " + UUID.randomUUID(), "person:link", "passport:read");
    var recorded = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("agent", new JsonObject().put("mbox", mbox)).put("startsAt", "2026-01-01T00:00:00Z"));
    assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isBetween(200, 201);
    String personId = hub.credit(mbox, "5.6");
    String token = hub.learnerToken(personId);

    var identifiers = hub.asLearner("GET", "/me/identifiers", token, null);
    assertThat(identifiers.statusCode()).isEqualTo(200);
    assertThat(identifiers.bodyAsString()).doesNotContain("@example.nhs.uk");
    assertThat(identifiers.bodyAsJsonObject().getJsonArray("identifiers").getJsonObject(0).getString("mbox_sha1sum"))
        .isEqualTo(org.ahphub.xapi.Actors.sha1Hex(mbox));

    JsonArray relationships = hub.asLearner("GET", "/me/relationships", token, null).bodyAsJsonObject()
        .getJsonArray("relationships");
    assertThat(relationships).hasSize(1);
    JsonObject employment = relationships.getJsonObject(0);
    assertThat(employment.getString("organisationId")).isEqualTo(employer.organisationId());
    assertThat(employment.getString("kind")).isEqualTo("employment");
    assertThat(employment.getString("status")).isEqualTo("proposed");
    assertThat(employment.getBoolean("current")).as("a proposal is not current until accepted").isFalse();
    JsonArray listed = hub.as(employer, "GET", "/relationships", null).bodyAsJsonObject().getJsonArray("relationships");
    assertThat(listed.getJsonObject(0).getString("personId"))
        .as("a proposal by identifier does not tell the employer whether or as whom the identifier is known").isNull();

    hub.accept(personId, employment.getString("id"));
    employment = hub.asLearner("GET", "/me/relationships", token, null).bodyAsJsonObject()
        .getJsonArray("relationships").getJsonObject(0);
    assertThat(employment.getString("status")).isEqualTo("accepted");
    assertThat(employment.getBoolean("current")).isTrue();
    // The employer's own list names the person once they accepted.
    listed = hub.as(employer, "GET", "/relationships", null).bodyAsJsonObject().getJsonArray("relationships");
    assertThat(listed.getJsonObject(0).getString("personId")).isEqualTo(personId);

    assertThat(hub.asLearner("GET", "/me/relationships", "lt_not-a-token", null).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("when linking an identifier merges two people, the merged-away person's employer and grantee read the survivor's passport, and the learner's token follows")
  void relationshipsAndGrantsFollowAMerge() throws Exception {
    String survivingMbox = mbox();
    String mergedMbox = mbox();
    String survivor = hub.credit(survivingMbox, "5.6");
    String merged = hub.credit(mergedMbox, "4.2");
    assertThat(merged).isNotEqualTo(survivor);
    Credential employer = hub.organisation("Merged Employer " + UUID.randomUUID(), "passport:read", "person:link");
    Credential provider = hub.organisation("Merged Provider " + UUID.randomUUID(), "passport:read");
    Credential stranger = hub.organisation("Merged Stranger " + UUID.randomUUID(), "passport:read");
    hub.employ(employer, merged, "2025-04-01");
    String token = hub.learnerToken(merged);
    assertThat(hub.asLearner("POST", "/me/grants", token, new JsonObject().put("organisationId", provider.organisationId())
        .put("expiresAt", Instant.now().plus(7, ChronoUnit.DAYS).toString())).statusCode()).isEqualTo(201);
    assertThat(hub.as(employer, "GET", "/passports/" + survivor, null).statusCode())
        .as("before the merge the employer sees only its employee").isEqualTo(404);

    var linked = hub.asOperator("POST", "/persons/" + survivor + "/identifiers", new JsonObject().put("mbox", mergedMbox));
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("mergedPersonId")).isEqualTo(merged);

    for (Credential reader : List.of(employer, provider)) {
      var read = hub.as(reader, "GET", "/passports/" + survivor, null);
      assertThat(read.statusCode()).as(reader.organisationId()).isEqualTo(200);
      assertThat(read.bodyAsJsonObject().getString("personId")).isEqualTo(survivor);
      assertThat(read.bodyAsJsonObject().getJsonArray("competencies").stream()
          .map(c -> ((JsonObject) c).getString("number"))).contains("5.6", "4.2");
      assertThat(hub.as(reader, "GET", "/passports/" + merged, null).statusCode())
          .as("the merged id still answers, for the survivor").isEqualTo(200);
    }
    assertThat(hub.as(stranger, "GET", "/passports/" + survivor, null).statusCode()).isEqualTo(404);

    assertThat(hub.asLearner("GET", "/me", token, null).bodyAsJsonObject().getString("personId")).isEqualTo(survivor);
    JsonArray grants = hub.asLearner("GET", "/me/grants", token, null).bodyAsJsonObject().getJsonArray("grants");
    assertThat(grants.stream().map(g -> ((JsonObject) g).getString("organisationId"))).contains(provider.organisationId());
    JsonArray employers = hub.asLearner("GET", "/me/relationships", token, null).bodyAsJsonObject()
        .getJsonArray("relationships");
    assertThat(employers.stream().map(r -> ((JsonObject) r).getString("organisationId")))
        .contains(employer.organisationId());
  }
}
