package org.ahphub.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Consent, not self-declaration (issue 16): an organisation sees a person only after the person accepted its
 * proposal, or through a grant or share code the person created; each step is audited for the person.
 */
class ConsentIT {

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
    return "mailto:consent-" + UUID.randomUUID() + "@example.nhs.uk";
  }

  private static int status(Credential caller, String path) {
    return hub.as(caller, "GET", path, null).statusCode();
  }

  @Test
  @DisplayName("an organisation that records employment for a stranger's e-mail address sees nothing: not the passport, the credentials, the gaps nor who the person is")
  void selfDeclaredEmploymentGivesNothing() throws Exception {
    String mbox = mbox();
    String personId = hub.credit(mbox, "4.2");
    Credential intruder = hub.organisation("Intruder " + UUID.randomUUID(), "passport:read", "person:link");

    var proposed = hub.as(intruder, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("agent", new JsonObject().put("mbox", mbox)).put("startsAt", "2025-01-01"));
    assertThat(proposed.statusCode()).isEqualTo(201);
    var byId = hub.as(intruder, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("personId", personId).put("startsAt", "2025-01-01"));
    assertThat(byId.statusCode()).isEqualTo(201);
    assertThat(byId.bodyAsJsonObject().getString("personId")).isNull();

    for (String path : List.of("/passports/" + personId, "/passports/" + personId + "/credentials",
        "/passports/" + personId + "/gaps?stage=entry")) {
      assertThat(status(intruder, path)).as(path).isEqualTo(404);
    }
    JsonArray listed = hub.as(intruder, "GET", "/relationships", null).bodyAsJsonObject().getJsonArray("relationships");
    assertThat(listed.stream().map(r -> ((JsonObject) r).getString("personId"))).containsOnlyNulls();
    assertThat(listed.encode()).doesNotContain(personId);
  }

  @Test
  @DisplayName("a person declines a proposal (which cannot then be accepted), accepts another, ends it, and sees each step in their audit log")
  void declineAcceptEnd() throws Exception {
    String personId = hub.credit(mbox(), "5.6");
    String token = hub.learnerToken(personId);
    Credential employer = hub.organisation("Consent Trust " + UUID.randomUUID(), "passport:read", "person:link");

    String declined = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("personId", personId).put("startsAt", "2025-01-01")).bodyAsJsonObject().getString("id");
    assertThat(hub.asLearner("POST", "/me/relationships/" + declined + "/decline", token, null).statusCode())
        .isEqualTo(200);
    assertThat(hub.asLearner("POST", "/me/relationships/" + declined + "/accept", token, null).statusCode())
        .as("a declined proposal stays declined").isEqualTo(404);
    assertThat(status(employer, "/passports/" + personId)).isEqualTo(404);

    String accepted = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("personId", personId).put("startsAt", "2025-01-01")).bodyAsJsonObject().getString("id");
    String otherToken = hub.learnerToken(hub.credit(mbox(), "3.12"));
    assertThat(hub.asLearner("POST", "/me/relationships/" + accepted + "/accept", otherToken, null).statusCode())
        .as("another person cannot accept a proposal made to this one").isEqualTo(404);
    assertThat(status(employer, "/passports/" + personId)).isEqualTo(404);

    assertThat(hub.asLearner("POST", "/me/relationships/" + accepted + "/accept", token, null).statusCode())
        .isEqualTo(200);
    assertThat(status(employer, "/passports/" + personId)).isEqualTo(200);
    assertThat(status(employer, "/passports/" + personId + "/credentials")).isEqualTo(200);
    assertThat(status(employer, "/passports/" + personId + "/gaps?stage=intermediate")).isEqualTo(200);

    assertThat(hub.asLearner("POST", "/me/relationships/" + accepted + "/end", token, null).statusCode())
        .isEqualTo(200);
    assertThat(status(employer, "/passports/" + personId)).isEqualTo(404);
    assertThat(hub.asLearner("POST", "/me/relationships/" + accepted + "/end", token, null).statusCode())
        .as("an ended relationship cannot be ended again").isEqualTo(404);

    List<String> actions = hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject().getJsonArray("events")
        .stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions).containsSubsequence("relationship.proposed", "relationship.declined",
        "relationship.proposed", "relationship.accepted", "passport.read", "credentials.read", "gaps.read",
        "relationship.ended");
  }

  @Test
  @DisplayName("a share code gives the first organisation to redeem it a grant of its scopes; it cannot be redeemed twice, guessed, or used once withdrawn")
  void shareCodes() throws Exception {
    String personId = hub.credit(mbox(), "4.2");
    String token = hub.learnerToken(personId);
    Credential newEmployer = hub.organisation("New Employer " + UUID.randomUUID(), "passport:read");
    Credential latecomer = hub.organisation("Latecomer " + UUID.randomUUID(), "passport:read");

    var created = hub.asLearner("POST", "/me/share-codes", token, new JsonObject()
        .put("scopes", new JsonArray().add("passport")).put("grantDays", 14));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String code = created.bodyAsJsonObject().getString("code");
    assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
    assertThat(hub.asLearner("GET", "/me/share-codes", token, null).bodyAsString()).doesNotContain(code);

    assertThat(status(newEmployer, "/passports/" + personId)).isEqualTo(404);
    var redeemed = hub.as(newEmployer, "POST", "/share-codes/redeem",
        new JsonObject().put("code", " " + code.toLowerCase().replace("-", " ") + " "));
    assertThat(redeemed.statusCode()).as(redeemed.bodyAsString()).isEqualTo(201);
    assertThat(redeemed.bodyAsJsonObject().getString("personId")).isEqualTo(personId);
    assertThat(status(newEmployer, "/passports/" + personId)).isEqualTo(200);
    assertThat(status(newEmployer, "/passports/" + personId + "/credentials"))
        .as("the code gave the passport only, not the credentials").isEqualTo(404);

    assertThat(hub.as(latecomer, "POST", "/share-codes/redeem", new JsonObject().put("code", code)).statusCode())
        .as("a spent code").isEqualTo(404);
    assertThat(hub.as(latecomer, "POST", "/share-codes/redeem", new JsonObject().put("code", "AAAA-BBBB-CCCC-DDDD"))
        .statusCode()).as("an unknown code").isEqualTo(404);
    assertThat(hub.as(latecomer, "POST", "/share-codes/redeem", new JsonObject().put("code", "not a code!"))
        .statusCode()).as("a malformed code answers as an unknown one").isEqualTo(404);

    String withdrawn = hub.asLearner("POST", "/me/share-codes", token, null).bodyAsJsonObject().getString("code");
    String withdrawnId = hub.asLearner("GET", "/me/share-codes", token, null).bodyAsJsonObject()
        .getJsonArray("shareCodes").stream().map(JsonObject.class::cast)
        .filter(c -> "live".equals(c.getString("state"))).findFirst().orElseThrow().getString("id");
    assertThat(hub.asLearner("DELETE", "/me/share-codes/" + withdrawnId, token, null).statusCode()).isEqualTo(200);
    assertThat(hub.as(latecomer, "POST", "/share-codes/redeem", new JsonObject().put("code", withdrawn)).statusCode())
        .as("a withdrawn code").isEqualTo(404);
    assertThat(status(latecomer, "/passports/" + personId)).isEqualTo(404);

    JsonArray grants = hub.asLearner("GET", "/me/grants", token, null).bodyAsJsonObject().getJsonArray("grants");
    assertThat(grants).hasSize(1);
    assertThat(grants.getJsonObject(0).getString("organisationId")).isEqualTo(newEmployer.organisationId());
    assertThat(grants.getJsonObject(0).getJsonArray("scopes")).containsExactly("passport");
    List<String> actions = hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject().getJsonArray("events")
        .stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions).containsSubsequence("share-code.created", "share-code.redeemed", "passport.read",
        "share-code.created", "share-code.withdrawn");
  }

  @Test
  @DisplayName("bad share-code and grant requests are 400s that say what was wrong")
  void badRequests() throws Exception {
    String token = hub.learnerToken(hub.credit(mbox(), "4.2"));
    for (JsonObject body : List.of(new JsonObject().put("scopes", new JsonArray()),
        new JsonObject().put("scopes", new JsonArray().add("everything")),
        new JsonObject().put("grantDays", 0), new JsonObject().put("validForDays", 31))) {
      var answer = hub.asLearner("POST", "/me/share-codes", token, body);
      assertThat(answer.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(answer.bodyAsJsonObject().getString("detail")).startsWith("$.");
    }
    Credential employer = hub.organisation("Bad Request Trust " + UUID.randomUUID(), "passport:read");
    assertThat(hub.as(employer, "POST", "/share-codes/redeem", new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("an organisation attaches its own staff number to a person who consented; not another organisation's identifier, not to a stranger (404 as for an unknown id), not one already someone else's")
  void identifiersWithProvenance() throws Exception {
    String homePage = "https://" + UUID.randomUUID() + ".trust.example.nhs.uk";
    Credential trust = hub.organisationAt("Staff Number Trust " + UUID.randomUUID(), homePage, "passport:read",
        "person:link");
    String mbox = mbox();
    String employee = hub.credit(mbox, "4.2");
    String stranger = hub.credit(mbox(), "4.2");
    JsonObject staffNumber = new JsonObject().put("account",
        new JsonObject().put("homePage", homePage).put("name", "S-" + UUID.randomUUID()));

    assertThat(hub.as(trust, "POST", "/persons/" + employee + "/identifiers", staffNumber).statusCode())
        .as("no consent yet: the same answer as for an unknown id").isEqualTo(404);
    assertThat(hub.as(trust, "POST", "/persons/" + UUID.randomUUID() + "/identifiers", staffNumber).statusCode())
        .isEqualTo(404);
    hub.employ(trust, employee);

    var linked = hub.as(trust, "POST", "/persons/" + employee + "/identifiers", staffNumber);
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().containsKey("mergedPersonId")).isFalse();

    var strangersEmail = hub.as(trust, "POST", "/persons/" + employee + "/identifiers",
        new JsonObject().put("mbox", "mailto:someone-" + UUID.randomUUID() + "@example.org"));
    assertThat(strangersEmail.statusCode()).as("an e-mail address is not the trust's to assert").isEqualTo(403);
    var otherHomePage = hub.as(trust, "POST", "/persons/" + employee + "/identifiers", new JsonObject().put("account",
        new JsonObject().put("homePage", "https://portal.e-lfh.org.uk").put("name", "elfh-1")));
    assertThat(otherHomePage.statusCode()).isEqualTo(403);

    hub.employ(trust, stranger);
    var taken = hub.as(trust, "POST", "/persons/" + stranger + "/identifiers", staffNumber);
    assertThat(taken.statusCode()).as("joining two records needs the person or the operator").isEqualTo(409);
    assertThat(hub.as(trust, "GET", "/passports/" + stranger, null).bodyAsJsonObject().getString("personId"))
        .isEqualTo(stranger);

    List<String> actions = hub.asLearner("GET", "/me/audit", hub.learnerToken(employee), null).bodyAsJsonObject()
        .getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions).contains("identifier.linked");
  }

  @Test
  @DisplayName("without consent an organisation sees the evidence it contributed itself, and only that, and finds the person by the agent it wrote about; others still get 404")
  void contributedEvidence() throws Exception {
    Credential trust = hub.organisation("Contributing Trust " + UUID.randomUUID(), "passport:read");
    Credential other = hub.organisation("Other Trust " + UUID.randomUUID(), "passport:read");
    String mbox = mbox();
    String personId = hub.creditAs(trust, mbox, "5.6");
    hub.credit(mbox, "4.2");
    SharingHarness.eventually(() -> hub.asOperator("GET", "/passports/" + personId, null).bodyAsString(),
        body -> body.contains("\"4.2\""));

    var own = hub.as(trust, "GET", "/passports/" + personId, null);
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("view")).isEqualTo("contributed");
    assertThat(own.bodyAsJsonObject().getJsonArray("competencies").stream()
        .map(c -> ((JsonObject) c).getString("number")).toList()).containsExactly("5.6");
    assertThat(hub.as(other, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(404);

    String agent = new JsonObject().put("mbox", mbox).encode();
    var found = hub.http.get(hub.mapper.port(), "localhost", "/persons").addQueryParam("agent", agent)
        .basicAuthentication(trust.key(), trust.secret()).send().await();
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.bodyAsJsonObject().getString("personId")).isEqualTo(personId);
    assertThat(hub.http.get(hub.mapper.port(), "localhost", "/persons").addQueryParam("agent", agent)
        .basicAuthentication(other.key(), other.secret()).send().await().statusCode()).isEqualTo(404);

    var whole = hub.as(trust, "GET", "/passports/" + personId + "/credentials", null);
    assertThat(whole.statusCode()).as("credentials still need consent").isEqualTo(404);
  }
}
