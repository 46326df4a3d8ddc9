package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.identity.PgCredentialStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two organisations on one LRS, each with an all-scopes credential: A (the test credential of "Test
 * Trust") and B ("Other Platform"). Statements, voids and documents belong to the organisation that wrote
 * them; nothing one does reaches or reveals the other's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Tenancy: statements, voids and documents belong to the organisation that wrote them")
class TenancyIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
  private static final String B_KEY = "other-platform";
  private static final String B_SECRET = "other-secret";
  private static final String MINE_KEY = "test-trust-mine";
  private static final String MINE_SECRET = "mine-secret";

  private TestLrs lrs;

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
    PgCredentialStore credentials = new PgCredentialStore(lrs.vertx(), lrs.server().pool());
    TestLrs.await(credentials.ensure("Other Platform", "https://other.example.org", B_KEY, B_SECRET, Set.of("all")));
    TestLrs.await(credentials.ensure("Test Trust", "https://ahp-hub.org/organisations/dev", MINE_KEY, MINE_SECRET,
        Set.of("statements/write", "statements/read/mine")));
  }

  @AfterAll
  void stop() {
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("an id only A holds is stored by B as new in B's store (no 409); each reads its own statement")
  void sameIdInTwoOrganisations() {
    String id = UUID.randomUUID().toString();
    JsonObject mine = statement(uniqueMbox(), COMPLETED, "http://example.org/a-course");
    JsonObject theirs = statement(uniqueMbox(), COMPLETED, "http://example.org/b-course");

    assertThat(putStatement(a(HttpMethod.PUT, "/xapi/statements?statementId=" + id), mine).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> byB = putStatement(b(HttpMethod.PUT, "/xapi/statements?statementId=" + id), theirs);
    HttpResponse<Buffer> postedByB = TestLrs.await(b(HttpMethod.POST, "/xapi/statements")
        .putHeader("Content-Type", "application/json").sendBuffer(theirs.copy().put("id", id).toBuffer()));

    assertThat(byB.statusCode()).as(byB.bodyAsString()).isEqualTo(204);
    assertThat(postedByB.statusCode()).as("the same statement again is a duplicate in B's store").isEqualTo(200);
    assertThat(object(TestLrs.await(a(HttpMethod.GET, "/xapi/statements?statementId=" + id).send())))
        .isEqualTo("http://example.org/a-course");
    assertThat(object(TestLrs.await(b(HttpMethod.GET, "/xapi/statements?statementId=" + id).send())))
        .isEqualTo("http://example.org/b-course");
  }

  @Test
  @DisplayName("B voiding A's statement id voids nothing of A's: stored as a void of a statement B does not hold")
  void voidAcrossOrganisationsVoidsNothing() {
    String mbox = uniqueMbox();
    String id = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/void-target"))
        .bodyAsJsonArray().getString(0);
    JsonObject voiding = new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:other-admin@example.org"))
        .put("verb", new JsonObject().put("id", VOIDED))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", id));

    HttpResponse<Buffer> voidedByB = TestLrs.await(b(HttpMethod.POST, "/xapi/statements")
        .putHeader("Content-Type", "application/json").sendBuffer(voiding.toBuffer()));

    assertThat(voidedByB.statusCode()).as(voidedByB.bodyAsString()).isEqualTo(200);
    assertThat(TestLrs.await(a(HttpMethod.GET, "/xapi/statements?statementId=" + id).send()).statusCode())
        .isEqualTo(200);
    assertThat(TestLrs.await(a(HttpMethod.GET, "/xapi/statements?voidedStatementId=" + id).send()).statusCode())
        .isEqualTo(404);
    assertThat(statementsAbout(lrs.request(HttpMethod.GET, agentQuery(mbox)))).hasSize(1);
  }

  @Test
  @DisplayName("B reads none of A's statements: not by id, not by voidedStatementId, not in any list query")
  void readsSeeOnlyTheOwnOrganisation() {
    String mbox = uniqueMbox();
    String registration = UUID.randomUUID().toString();
    JsonObject statement = statement(mbox, COMPLETED, "http://example.org/a-only");
    statement.put("context", new JsonObject().put("registration", registration));
    String id = lrs.postJson("/xapi/statements", statement).bodyAsJsonArray().getString(0);

    assertThat(TestLrs.await(b(HttpMethod.GET, "/xapi/statements?statementId=" + id).send()).statusCode())
        .isEqualTo(404);
    assertThat(statementsAbout(b(HttpMethod.GET, agentQuery(mbox)))).isEmpty();
    assertThat(statementsAbout(b(HttpMethod.GET, "/xapi/statements?activity="
        + enc("http://example.org/a-only")))).isEmpty();
    assertThat(statementsAbout(b(HttpMethod.GET, "/xapi/statements?registration=" + registration))).isEmpty();
    assertThat(statementsAbout(b(HttpMethod.GET, "/xapi/statements?limit=500"))
        .stream().map(s -> ((JsonObject) s).getString("id"))).doesNotContain(id);
    assertThat(statementsAbout(lrs.request(HttpMethod.GET, agentQuery(mbox)))).hasSize(1);
  }

  @Test
  @DisplayName("statements/read/mine sees only what that credential stored, not its organisation's other credentials'")
  void readMineIsTheCredentialsOwn() {
    String mbox = uniqueMbox();
    String byOrganisation = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/org"))
        .bodyAsJsonArray().getString(0);
    HttpResponse<Buffer> stored = TestLrs.await(mine(HttpMethod.POST, "/xapi/statements")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(statement(mbox, COMPLETED, "http://example.org/mine").toBuffer()));
    String byMe = stored.bodyAsJsonArray().getString(0);

    JsonArray seen = statementsAbout(mine(HttpMethod.GET, agentQuery(mbox)));

    assertThat(seen.stream().map(s -> ((JsonObject) s).getString("id"))).containsExactly(byMe);
    assertThat(TestLrs.await(mine(HttpMethod.GET, "/xapi/statements?statementId=" + byOrganisation).send())
        .statusCode()).isEqualTo(404);
    assertThat(TestLrs.await(mine(HttpMethod.GET, "/xapi/statements?statementId=" + byMe).send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("documents: B cannot list, read, overwrite or delete A's State and Agent Profile documents")
  void documentsBelongToTheOrganisation() {
    String agent = enc(new JsonObject().put("mbox", uniqueMbox()).encode());
    String state = "/xapi/activities/state?activityId=" + enc("http://example.org/doc") + "&agent=" + agent;
    String profile = "/xapi/agents/profile?agent=" + agent;
    for (String base : List.of(state + "&stateId=bookmark", profile + "&profileId=prefs")) {
      assertThat(send(a(HttpMethod.PUT, base).putHeader("If-None-Match", "*"), "{\"owner\":\"A\"}").statusCode())
          .isEqualTo(204);

      assertThat(TestLrs.await(b(HttpMethod.GET, base).send()).statusCode()).as(base).isEqualTo(404);
      assertThat(send(b(HttpMethod.PUT, base).putHeader("If-None-Match", "*"), "{\"owner\":\"B\"}").statusCode())
          .as("B creates its own document under the same key").isEqualTo(204);
      assertThat(send(b(HttpMethod.POST, base), "{\"extra\":\"B\"}").statusCode()).isEqualTo(204);
      assertThat(TestLrs.await(b(HttpMethod.DELETE, base).send()).statusCode()).isEqualTo(204);

      JsonObject kept = TestLrs.await(a(HttpMethod.GET, base).send()).bodyAsJsonObject();
      assertThat(kept).isEqualTo(new JsonObject().put("owner", "A"));
    }
    assertThat(TestLrs.await(b(HttpMethod.GET, state).send()).bodyAsJsonArray()).isEmpty();
    assertThat(TestLrs.await(b(HttpMethod.GET, profile).send()).bodyAsJsonArray()).isEmpty();
    assertThat(TestLrs.await(b(HttpMethod.DELETE, state).send()).statusCode()).isEqualTo(204);
    assertThat(TestLrs.await(a(HttpMethod.GET, state).send()).bodyAsJsonArray()).containsExactly("bookmark");
  }

  @Test
  @DisplayName("activities: each organisation's canonical definition is its own; B can neither read nor rename A's")
  void activityDefinitionsBelongToTheOrganisation() {
    String activity = "http://example.org/course-" + UUID.randomUUID();
    JsonObject byA = statement(uniqueMbox(), COMPLETED, activity);
    byA.getJsonObject("object").put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", "A's course")));
    JsonObject byB = statement(uniqueMbox(), COMPLETED, activity);
    byB.getJsonObject("object").put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", "Renamed by B")));
    assertThat(lrs.postJson("/xapi/statements", byA).statusCode()).isEqualTo(200);
    assertThat(TestLrs.await(b(HttpMethod.POST, "/xapi/statements").putHeader("Content-Type", "application/json")
        .sendBuffer(byB.toBuffer())).statusCode()).isEqualTo(200);

    JsonObject seenByA = TestLrs.await(a(HttpMethod.GET, "/xapi/activities?activityId=" + enc(activity)).send())
        .bodyAsJsonObject();
    JsonObject seenByB = TestLrs.await(b(HttpMethod.GET, "/xapi/activities?activityId=" + enc(activity)).send())
        .bodyAsJsonObject();

    assertThat(seenByA.getJsonObject("definition").getJsonObject("name").getString("en-GB")).isEqualTo("A's course");
    assertThat(seenByB.getJsonObject("definition").getJsonObject("name").getString("en-GB")).isEqualTo("Renamed by B");
  }

  // ---------------------------------------------------------------- helpers

  private HttpRequest<Buffer> a(HttpMethod method, String uri) {
    return lrs.request(method, uri);
  }

  private HttpRequest<Buffer> b(HttpMethod method, String uri) {
    return lrs.request(method, uri).putHeader("Authorization", TestLrs.basic(B_KEY, B_SECRET));
  }

  private HttpRequest<Buffer> mine(HttpMethod method, String uri) {
    return lrs.request(method, uri).putHeader("Authorization", TestLrs.basic(MINE_KEY, MINE_SECRET));
  }

  private static HttpResponse<Buffer> putStatement(HttpRequest<Buffer> request, JsonObject statement) {
    return TestLrs.await(request.putHeader("Content-Type", "application/json").sendBuffer(statement.toBuffer()));
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String json) {
    return TestLrs.await(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)));
  }

  private static String object(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonObject("object").getString("id");
  }

  private static JsonArray statementsAbout(HttpRequest<Buffer> request) {
    HttpResponse<Buffer> response = TestLrs.await(request.send());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("statements");
  }

  private static String agentQuery(String mbox) {
    return "/xapi/statements?agent=" + enc(new JsonObject().put("mbox", mbox).encode());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
