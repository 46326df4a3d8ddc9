package org.ahphub.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Joining two people's records is something the person does (signed in, with a claim code from the organisation
 * that knows them by the other record's identifier) or the operator does; every merge is audited, announced on
 * passport.updates, and can be undone, the evidence going back by the identifier it came in under (issue 16).
 */
class RecordJoiningIT {

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
    return "mailto:joining-" + UUID.randomUUID() + "@example.nhs.uk";
  }

  private static List<String> competencies(String personId) {
    return hub.asOperator("GET", "/passports/" + personId, null).bodyAsJsonObject().getJsonArray("competencies")
        .stream().map(c -> ((JsonObject) c).getString("number")).toList();
  }

  private static List<String> auditActions(String token) {
    return hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject().getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getString("action")).toList();
  }

  private static List<JsonObject> updates(String personId, String type, int count) {
    return SharingHarness.records(Topics.PASSPORT_UPDATES, personId, count).stream()
        .map(ConsumerRecord::value).map(JsonObject::new).filter(e -> type.equals(e.getString("type"))).toList();
  }

  @Test
  @DisplayName("a person signed in joins the e-learning platform's record of them with its claim code; the employer sees both, the merge is announced and audited, and undoing it splits the evidence back by identifier")
  void claimCodeJoinsAndUndoSplits() throws Exception {
    String platformHome = "https://" + UUID.randomUUID() + ".elearning.example.org";
    Credential platform = hub.organisationAt("Platform " + UUID.randomUUID(), platformHome, "person:link");
    Credential employer = hub.organisation("Employer " + UUID.randomUUID(), "passport:read", "person:link");
    JsonObject platformAccount = new JsonObject().put("account",
        new JsonObject().put("homePage", platformHome).put("name", "learner-" + UUID.randomUUID()));

    String record = hub.creditAgent(platform, platformAccount, "5.6");
    String person = hub.credit(mbox(), "4.2");
    hub.employ(employer, person);
    String token = hub.learnerToken(person);
    assertThat(hub.as(employer, "GET", "/passports/" + record, null).statusCode())
        .as("the platform's record is nobody's business before the person joins it").isEqualTo(404);

    var foreign = hub.as(employer, "POST", "/claim-codes", platformAccount);
    assertThat(foreign.statusCode()).as("only the organisation that asserts the identifier vouches for it")
        .isEqualTo(403);
    var issued = hub.as(platform, "POST", "/claim-codes", platformAccount);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    String code = issued.bodyAsJsonObject().getString("code");
    var unknownAccount = hub.as(platform, "POST", "/claim-codes", new JsonObject().put("account",
        new JsonObject().put("homePage", platformHome).put("name", "nobody-" + UUID.randomUUID())));
    assertThat(unknownAccount.statusCode()).as("issuing says nothing about whether anyone holds the identifier")
        .isEqualTo(201);

    String stranger = hub.credit(mbox(), "4.1");
    var wrongCode = hub.asLearner("POST", "/me/claims", hub.learnerToken(stranger),
        new JsonObject().put("code", "0000-0000-0000-0000"));
    assertThat(wrongCode.statusCode()).isEqualTo(404);
    var anonymous = hub.http.post(hub.mapper.port(), "localhost", "/me/claims")
        .sendJsonObject(new JsonObject().put("code", code)).await();
    assertThat(anonymous.statusCode()).as("claiming needs the person signed in").isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).as("a learner route asks for a learner token")
        .startsWith("Bearer");

    var claimed = hub.asLearner("POST", "/me/claims", token, new JsonObject().put("code", code.toLowerCase()));
    assertThat(claimed.statusCode()).as(claimed.bodyAsString()).isEqualTo(200);
    assertThat(claimed.bodyAsJsonObject().getString("personId")).isEqualTo(person);
    assertThat(claimed.bodyAsJsonObject().getString("mergedPersonId")).isEqualTo(record);
    assertThat(competencies(person)).contains("4.2", "5.6");
    assertThat(hub.as(employer, "GET", "/passports/" + person, null).bodyAsString()).contains("\"5.6\"");
    assertThat(hub.asLearner("POST", "/me/claims", token, new JsonObject().put("code", code)).statusCode())
        .as("a claim code is spent once").isEqualTo(404);
    assertThat(auditActions(token)).contains("person.merged");

    List<JsonObject> merged = updates(person, EventTypes.PASSPORT_MERGED, 1);
    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).getJsonObject("data").getString("mergedPersonId")).isEqualTo(record);
    assertThat(merged.get(0).getJsonObject("data").getString("joinedBy")).isEqualTo("person");
    assertThat(merged.get(0).encode()).doesNotContain(platformAccount.getJsonObject("account").getString("name"));

    var listed = hub.asLearner("GET", "/me/merges", token, null);
    assertThat(listed.bodyAsJsonObject().getJsonArray("merges").getJsonObject(0).getString("mergedPersonId"))
        .isEqualTo(record);

    assertThat(hub.as(employer, "POST", "/persons/" + person + "/merges/" + record + "/undo", null).statusCode())
        .as("an organisation does not undo merges").isEqualTo(403);
    assertThat(hub.asOperator("POST", "/persons/" + stranger + "/merges/" + record + "/undo", null).statusCode())
        .as("not merged into that person: as for an unknown id").isEqualTo(404);

    var undone = hub.asOperator("POST", "/persons/" + person + "/merges/" + record + "/undo", null);
    assertThat(undone.statusCode()).as(undone.bodyAsString()).isEqualTo(200);
    assertThat(undone.bodyAsJsonObject().getString("restoredPersonId")).isEqualTo(record);
    assertThat(undone.bodyAsJsonObject().getInteger("evidenceMoved")).isEqualTo(1);
    assertThat(competencies(person)).contains("4.2").doesNotContain("5.6");
    assertThat(competencies(record)).containsExactly("5.6");
    assertThat(hub.asOperator("GET", "/persons?agent=" + java.net.URLEncoder.encode(platformAccount.encode(),
        java.nio.charset.StandardCharsets.UTF_8), null).bodyAsJsonObject().getString("personId")).isEqualTo(record);
    assertThat(hub.asOperator("POST", "/persons/" + person + "/merges/" + record + "/undo", null).statusCode())
        .as("undone once").isEqualTo(404);
    assertThat(hub.as(employer, "GET", "/passports/" + record, null).statusCode()).isEqualTo(404);
    assertThat(auditActions(token)).contains("person.unmerged");
    List<JsonObject> unmerged = updates(person, EventTypes.PASSPORT_UNMERGED, 1);
    assertThat(unmerged).hasSize(1);
    assertThat(unmerged.get(0).getJsonObject("data").getString("mergedPersonId")).isEqualTo(record);
    List<JsonObject> retracted = updates(person, EventTypes.COMPETENCY_RETRACTED, 1);
    assertThat(retracted).anySatisfy(e -> assertThat(e.getJsonObject("data").getJsonObject("competency")
        .getString("number")).isEqualTo("5.6"));

    // The person joins it again with a new code, and undoes that themself.
    String again = hub.as(platform, "POST", "/claim-codes", platformAccount).bodyAsJsonObject().getString("code");
    assertThat(hub.asLearner("POST", "/me/claims", token, new JsonObject().put("code", again)).statusCode())
        .isEqualTo(200);
    assertThat(competencies(person)).contains("5.6");
    var ownUndo = hub.asLearner("POST", "/me/merges/" + record + "/undo", token, null);
    assertThat(ownUndo.statusCode()).as(ownUndo.bodyAsString()).isEqualTo(200);
    assertThat(competencies(person)).doesNotContain("5.6");
    assertThat(hub.asLearner("POST", "/me/merges/" + record + "/undo", hub.learnerToken(stranger), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("an operator's merge brings the merged person's consent along and undoing it takes that consent back: the other employer stops seeing the survivor and sees its own person again")
  void undoReturnsConsent() throws Exception {
    Credential first = hub.organisation("First Trust " + UUID.randomUUID(), "passport:read", "person:link");
    Credential second = hub.organisation("Second Trust " + UUID.randomUUID(), "passport:read", "person:link");
    String survivor = hub.credit(mbox(), "4.2");
    String otherMbox = mbox();
    String merged = hub.credit(otherMbox, "5.6");
    hub.employ(first, survivor);
    hub.employ(second, merged);

    var linked = hub.asOperator("POST", "/persons/" + survivor + "/identifiers", new JsonObject().put("mbox", otherMbox));
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("mergedPersonId")).isEqualTo(merged);
    assertThat(hub.as(second, "GET", "/passports/" + survivor, null).statusCode())
        .as("the merged person's employment moved to the survivor").isEqualTo(200);
    assertThat(updates(survivor, EventTypes.PASSPORT_MERGED, 1)).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("joinedBy")).isEqualTo("operator"));

    var operatorList = hub.asOperator("GET", "/persons/" + survivor + "/merges", null);
    assertThat(operatorList.bodyAsJsonObject().getJsonArray("merges")).hasSize(1);
    assertThat(hub.as(first, "GET", "/persons/" + survivor + "/merges", null).statusCode()).isEqualTo(403);

    var undone = hub.asOperator("POST", "/persons/" + survivor + "/merges/" + merged + "/undo", null);
    assertThat(undone.statusCode()).as(undone.bodyAsString()).isEqualTo(200);
    assertThat(hub.as(second, "GET", "/passports/" + survivor, null).statusCode()).isEqualTo(404);
    assertThat(hub.as(second, "GET", "/passports/" + merged, null).statusCode()).isEqualTo(200);
    assertThat(hub.as(first, "GET", "/passports/" + survivor, null).statusCode()).isEqualTo(200);
    assertThat(competencies(merged)).containsExactly("5.6");
    assertThat(competencies(survivor)).containsExactly("4.2");

    // The restored person's passport moves on from its version before the merge, not from 1 again.
    long restoredVersion = hub.asOperator("GET", "/passports/" + merged, null).bodyAsJsonObject().getLong("version");
    assertThat(restoredVersion).isGreaterThan(1L);
  }

  private static Credential organisationOfKind(String kind, String homePage) {
    var created = hub.asOperator("POST", "/admin/organisations", new JsonObject()
        .put("name", kind + " " + UUID.randomUUID()).put("homePage", homePage).put("kind", kind));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    var credential = hub.asOperator("POST", "/admin/organisations/" + id + "/credentials",
        new JsonObject().put("scopes", new io.vertx.core.json.JsonArray().add("statements/write")));
    return new Credential(id, credential.bodyAsJsonObject().getString("key"),
        credential.bodyAsJsonObject().getString("secret"));
  }

  /** A completed statement of {@code account} crediting {@code competency}, vouching for {@code mbox}. */
  private static JsonObject vouching(JsonObject account, String mbox, String competency) {
    JsonObject statement = SharingHarness.completed("mailto:unused@example.org", competency).put("actor", account);
    statement.getJsonObject("context").put("extensions", new JsonObject().put(
        org.ahphub.xapi.HubExtensions.ASSERTED_IDENTIFIERS, new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("mbox_sha1sum", org.ahphub.xapi.Actors.sha1Hex(mbox)))));
    return statement;
  }

  @Test
  @DisplayName("an e-learning platform vouching for its own learner's e-mail address joins its record to the person known by that address, announced and undoable; a trust vouching the same way is ignored")
  void assertedEmailJoinsRecords() throws Exception {
    String platformHome = "https://" + UUID.randomUUID() + ".elfh.example.org";
    Credential platform = organisationOfKind("e-learning-platform", platformHome);
    String mbox = mbox();
    String person = hub.credit(mbox, "4.2");
    JsonObject account = new JsonObject().put("account",
        new JsonObject().put("homePage", platformHome).put("name", "elfh-" + UUID.randomUUID()));

    // The platform's record existed on its own first; the statement vouching for the address joins it.
    String record = hub.creditAgent(platform, account, "4.1");
    assertThat(record).isNotEqualTo(person);
    hub.publishStatement(vouching(account, mbox, "5.6"), EventTypes.STATEMENT_STORED, platform.organisationId());
    SharingHarness.eventually(() -> competencies(person), held -> held.containsAll(List.of("4.1", "4.2", "5.6")));
    assertThat(updates(person, EventTypes.PASSPORT_MERGED, 1)).singleElement()
        .satisfies(e -> {
          assertThat(e.getJsonObject("data").getString("joinedBy")).isEqualTo("organisation");
          assertThat(e.getJsonObject("data").getString("mergedPersonId")).isEqualTo(record);
        });
    var undone = hub.asOperator("POST", "/persons/" + person + "/merges/" + record + "/undo", null);
    assertThat(undone.statusCode()).as(undone.bodyAsString()).isEqualTo(200);
    assertThat(competencies(person)).containsExactly("4.2");
    assertThat(competencies(record)).containsExactlyInAnyOrder("4.1", "5.6");

    // A trust is not trusted to vouch for e-mail addresses: its learner stays its own record.
    String trustHome = "https://" + UUID.randomUUID() + ".trust.example.nhs.uk";
    Credential trust = organisationOfKind("trust", trustHome);
    JsonObject trustAccount = new JsonObject().put("account",
        new JsonObject().put("homePage", trustHome).put("name", "staff-" + UUID.randomUUID()));
    String trustRecord = hub.creditAgent(trust, trustAccount, "5.6");
    hub.publishStatement(vouching(trustAccount, mbox, "7.1"), EventTypes.STATEMENT_STORED, trust.organisationId());
    SharingHarness.eventually(() -> competencies(trustRecord), held -> held.contains("7.1"));
    assertThat(competencies(trustRecord)).containsExactlyInAnyOrder("5.6", "7.1");
    assertThat(competencies(person)).as("the trust's vouching captured nothing").containsExactly("4.2");
  }
}
