package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Statements resource: storing and reading statements over HTTP")
class StatementsResourceIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted";
  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  private TestLrs lrs;

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
  }

  @AfterAll
  void stop() {
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("POST of one statement returns its new id; GET by statementId returns it completed by the LRS")
  void postSingleThenGetById() {
    JsonObject statement = statement(uniqueMbox(), COMPLETED, "http://example.org/course/1");

    HttpResponse<Buffer> posted = lrs.postJson("/xapi/statements", statement);

    assertThat(posted.statusCode()).isEqualTo(200);
    JsonArray ids = posted.bodyAsJsonArray();
    assertThat(ids).hasSize(1);
    HttpResponse<Buffer> read = lrs.get("/xapi/statements?statementId=" + ids.getString(0));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("X-Experience-API-Version")).isEqualTo("1.0.3");
    JsonObject stored = read.bodyAsJsonObject();
    assertThat(stored.getString("id")).isEqualTo(ids.getString(0));
    assertThat(stored.getJsonObject("actor")).isEqualTo(statement.getJsonObject("actor"));
    assertThat(stored.getJsonObject("verb")).isEqualTo(statement.getJsonObject("verb"));
    assertThat(stored.getString("stored")).isNotBlank();
    assertThat(stored.getString("timestamp")).isNotBlank();
    assertThat(stored.getJsonObject("authority").getJsonObject("account").getString("name")).isEqualTo(TestLrs.KEY);
  }

  @Test
  @DisplayName("POST of a batch returns the ids in request order, each one readable")
  void postBatch() {
    String mbox = uniqueMbox();
    String given = UUID.randomUUID().toString();
    JsonArray batch = new JsonArray()
        .add(statement(mbox, COMPLETED, "http://example.org/a"))
        .add(statement(mbox, COMPLETED, "http://example.org/b").put("id", given))
        .add(statement(mbox, COMPLETED, "http://example.org/c"));

    HttpResponse<Buffer> posted = lrs.postJson("/xapi/statements", batch);

    assertThat(posted.statusCode()).isEqualTo(200);
    JsonArray ids = posted.bodyAsJsonArray();
    assertThat(ids).hasSize(3);
    assertThat(ids.getString(1)).isEqualTo(given);
    for (int i = 0; i < 3; i++) {
      JsonObject read = lrs.get("/xapi/statements?statementId=" + ids.getString(i)).bodyAsJsonObject();
      assertThat(read.getJsonObject("object").getString("id"))
          .isEqualTo(batch.getJsonObject(i).getJsonObject("object").getString("id"));
    }
  }

  @Test
  @DisplayName("PUT stores under the given id with 204; the same statement again is 204; different content is 409")
  void putStoresUnderTheGivenId() {
    String id = UUID.randomUUID().toString();
    JsonObject statement = statement(uniqueMbox(), COMPLETED, "http://example.org/put");

    assertThat(put(id, statement).statusCode()).isEqualTo(204);
    assertThat(put(id, statement).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> conflict = put(id, statement.copy().put("verb", new JsonObject().put("id", ATTEMPTED)));

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.bodyAsJsonObject().getString("message")).contains(id);
    assertThat(lrs.get("/xapi/statements?statementId=" + id).bodyAsJsonObject().getJsonObject("verb").getString("id"))
        .isEqualTo(COMPLETED);
  }

  @Test
  @DisplayName("Statement Immutability: re-posting a statement whose activity was renamed is 200 with nothing stored, "
      + "and the Activities resource shows the new name")
  void repostWithRenamedActivityIsTheSameStatement() {
    String id = UUID.randomUUID().toString();
    String course = "http://example.org/course/" + UUID.randomUUID();
    JsonObject original = statement(uniqueMbox(), COMPLETED, course).put("id", id);
    original.getJsonObject("object").put("definition",
        new JsonObject().put("name", new JsonObject().put("en-GB", "Fire safety")));
    JsonObject renamed = original.copy();
    renamed.getJsonObject("object").put("definition",
        new JsonObject().put("name", new JsonObject().put("en-GB", "Fire safety (2026 edition)")));
    renamed.getJsonObject("verb").put("display", new JsonObject().put("en-US", "completed"));

    HttpResponse<Buffer> first = lrs.postJson("/xapi/statements", original);
    HttpResponse<Buffer> again = lrs.postJson("/xapi/statements", renamed);

    assertThat(first.getHeader("X-Hub-Statements-Stored")).isEqualTo("1");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonArray()).containsExactly(id);
    assertThat(again.getHeader("X-Hub-Statements-Stored")).isEqualTo("0");
    JsonObject activity = lrs.get("/xapi/activities?activityId=" + URLEncoder.encode(course, StandardCharsets.UTF_8))
        .bodyAsJsonObject();
    assertThat(activity.getJsonObject("definition").getJsonObject("name").getString("en-GB"))
        .isEqualTo("Fire safety (2026 edition)");
  }

  @Test
  @DisplayName("GET with agent, verb, activity and registration filters returns exactly the matching statements, newest first")
  void filtersSelectExactlyTheMatchingStatements() {
    String alice = uniqueMbox();
    String bob = uniqueMbox();
    String registration = UUID.randomUUID().toString();
    String course = "http://example.org/course/" + UUID.randomUUID();
    JsonArray batch = new JsonArray()
        .add(statement(alice, COMPLETED, course))
        .add(statement(alice, ATTEMPTED, course))
        .add(statement(alice, COMPLETED, "http://example.org/other").put("context",
            new JsonObject().put("registration", registration)))
        .add(statement(bob, COMPLETED, course).put("context", new JsonObject().put("registration", registration)));
    JsonArray ids = lrs.postJson("/xapi/statements", batch).bodyAsJsonArray();

    assertThat(queryIds("agent=" + agent(alice))).containsExactly(ids.getString(2), ids.getString(1), ids.getString(0));
    assertThat(queryIds("agent=" + agent(alice) + "&verb=" + enc(COMPLETED)))
        .containsExactly(ids.getString(2), ids.getString(0));
    assertThat(queryIds("activity=" + enc(course))).containsExactly(ids.getString(3), ids.getString(1), ids.getString(0));
    assertThat(queryIds("registration=" + registration)).containsExactly(ids.getString(3), ids.getString(2));
    assertThat(queryIds("agent=" + agent(bob) + "&activity=" + enc(course) + "&registration=" + registration))
        .containsExactly(ids.getString(3));
    assertThat(queryIds("agent=" + agent(alice) + "&ascending=true"))
        .containsExactly(ids.getString(0), ids.getString(1), ids.getString(2));
  }

  @Test
  @DisplayName("related_activities finds a statement by a context activity; without it only the object counts")
  void relatedActivities() {
    String mbox = uniqueMbox();
    String parent = "http://example.org/programme/" + UUID.randomUUID();
    JsonObject statement = statement(mbox, COMPLETED, "http://example.org/lesson").put("context", new JsonObject()
        .put("contextActivities", new JsonObject().put("parent", new JsonArray().add(new JsonObject().put("id", parent)))));
    String id = lrs.postJson("/xapi/statements", statement).bodyAsJsonArray().getString(0);

    assertThat(queryIds("activity=" + enc(parent))).isEmpty();
    assertThat(queryIds("activity=" + enc(parent) + "&related_activities=true")).containsExactly(id);
  }

  @Test
  @DisplayName("since is exclusive and until inclusive, both on the stored time")
  void sinceAndUntil() throws InterruptedException {
    String mbox = uniqueMbox();
    String first = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/1"))
        .bodyAsJsonArray().getString(0);
    Instant firstStored = Instant.parse(
        lrs.get("/xapi/statements?statementId=" + first).bodyAsJsonObject().getString("stored"));
    Thread.sleep(5);
    String second = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/2"))
        .bodyAsJsonArray().getString(0);

    assertThat(queryIds("agent=" + agent(mbox) + "&since=" + enc(firstStored.toString()))).containsExactly(second);
    assertThat(queryIds("agent=" + agent(mbox) + "&until=" + enc(firstStored.toString()))).containsExactly(first);
    assertThat(queryIds("agent=" + agent(mbox) + "&since=" + enc(firstStored.minusMillis(1).toString())))
        .containsExactly(second, first);
  }

  @Test
  @DisplayName("since and until at a batch's stored time take all of the batch or none of it, with a filter or none")
  void sinceAndUntilAtABatchStoredTime() throws InterruptedException {
    String mbox = uniqueMbox();
    String verb = "http://example.org/verb/" + UUID.randomUUID();
    String before = lrs.postJson("/xapi/statements", statement(mbox, verb, "http://example.org/0"))
        .bodyAsJsonArray().getString(0);
    Thread.sleep(5);
    JsonArray batch = new JsonArray();
    for (int i = 1; i <= 3; i++) {
      batch.add(statement(mbox, verb, "http://example.org/" + i));
    }
    List<String> stored = lrs.postJson("/xapi/statements", batch).bodyAsJsonArray().stream().map(String.class::cast)
        .toList();
    Instant batchStored = Instant.parse(
        lrs.get("/xapi/statements?statementId=" + stored.get(0)).bodyAsJsonObject().getString("stored"));
    Thread.sleep(5);
    String after = lrs.postJson("/xapi/statements", statement(mbox, verb, "http://example.org/4"))
        .bodyAsJsonArray().getString(0);
    String at = enc(batchStored.toString());

    for (String filter : List.of("agent=" + agent(mbox) + "&", "verb=" + enc(verb) + "&", "")) {
      List<String> since = queryIds(filter + "since=" + at + "&limit=500");
      assertThat(since).as(filter + "since").contains(after).doesNotContainAnyElementsOf(stored)
          .doesNotContain(before);
      List<String> until = queryIds(filter + "until=" + at + "&limit=500");
      assertThat(until).as(filter + "until").containsAll(stored).contains(before).doesNotContain(after);
      assertThat(queryIds(filter + "since=" + enc(batchStored.minusMillis(1).toString()) + "&until=" + at))
          .as(filter + "since and until").containsExactlyInAnyOrderElementsOf(stored);
    }
    assertThat(queryIds("verb=" + enc(verb) + "&until=" + enc(Instant.parse("2000-01-01T00:00:00Z").toString())))
        .isEmpty();
    assertThat(queryIds("verb=" + enc(verb) + "&since=" + enc(Instant.now().plusSeconds(3600).toString()))).isEmpty();
  }

  @Test
  @DisplayName("limit pages the result; following the more links returns every statement once, filters kept")
  void moreLinksPageThroughEverything() {
    String mbox = uniqueMbox();
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 7; i++) {
      batch.add(statement(mbox, COMPLETED, "http://example.org/page/" + i));
    }
    batch.add(statement(mbox, ATTEMPTED, "http://example.org/page/other"));
    JsonArray ids = lrs.postJson("/xapi/statements", batch).bodyAsJsonArray();

    List<String> seen = new ArrayList<>();
    String next = "/xapi/statements?agent=" + agent(mbox) + "&verb=" + enc(COMPLETED) + "&limit=3";
    int pages = 0;
    while (!next.isEmpty()) {
      HttpResponse<Buffer> page = lrs.get(next);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("X-Experience-API-Consistent-Through")).isNotBlank();
      JsonObject body = page.bodyAsJsonObject();
      assertThat(body.getJsonArray("statements").size()).isLessThanOrEqualTo(3);
      body.getJsonArray("statements").forEach(s -> seen.add(((JsonObject) s).getString("id")));
      next = body.getString("more");
      pages++;
    }

    assertThat(pages).isEqualTo(3);
    List<String> expected = new ArrayList<>();
    for (int i = 6; i >= 0; i--) {
      expected.add(ids.getString(i));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("voiding: the voided statement leaves lists and statementId, stays readable by voidedStatementId")
  void voidingHidesTheVoidedStatement() {
    String mbox = uniqueMbox();
    String target = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/void-me"))
        .bodyAsJsonArray().getString(0);
    JsonObject voiding = new JsonObject()
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", VOIDED))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target));

    HttpResponse<Buffer> posted = lrs.postJson("/xapi/statements", voiding);

    assertThat(posted.statusCode()).isEqualTo(200);
    String voidingId = posted.bodyAsJsonArray().getString(0);
    assertThat(queryIds("agent=" + agent(mbox))).containsExactly(voidingId);
    assertThat(lrs.get("/xapi/statements?statementId=" + target).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> voided = lrs.get("/xapi/statements?voidedStatementId=" + target);
    assertThat(voided.statusCode()).isEqualTo(200);
    assertThat(voided.bodyAsJsonObject().getString("id")).isEqualTo(target);
    assertThat(lrs.get("/xapi/statements?voidedStatementId=" + voidingId).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("GET /xapi/about lists both supported versions without credentials")
  void about() {
    HttpResponse<Buffer> about = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/about")
        .putHeader("Authorization", "Basic bm9ib2R5Om5vdGhpbmc=").send());

    assertThat(about.statusCode()).isEqualTo(200);
    assertThat(about.bodyAsJsonObject().getJsonArray("version")).contains("1.0.3", "2.0.0");
  }

  @Test
  @DisplayName("agent= matches actor and object only; related_agents=true adds instructor and authority, and the "
      + "authority on every statement is not 'about' anyone")
  void agentFilterAndRelatedAgents() {
    String mbox = uniqueMbox();
    JsonObject agent = new JsonObject().put("mbox", mbox);
    String asActor = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/a"))
        .bodyAsJsonArray().getString(0);
    JsonObject instructed = statement(uniqueMbox(), COMPLETED, "http://example.org/b")
        .put("context", new JsonObject().put("instructor", agent.copy().put("objectType", "Agent")));
    String asInstructor = lrs.postJson("/xapi/statements", instructed).bodyAsJsonArray().getString(0);

    assertThat(queryIds("agent=" + enc(agent.encode()))).containsExactly(asActor);
    assertThat(queryIds("agent=" + enc(agent.encode()) + "&related_agents=true")).containsExactly(asInstructor, asActor);

    JsonObject authority = lrs.get("/xapi/statements?statementId=" + asActor).bodyAsJsonObject().getJsonObject("authority");
    String authorityAgent = enc(new JsonObject().put("account", authority.getJsonObject("account")).encode());
    assertThat(queryIds("agent=" + authorityAgent + "&limit=5")).as("the authority is nobody's actor here").isEmpty();
    assertThat(queryIds("agent=" + authorityAgent + "&related_agents=true&limit=2"))
        .containsExactly(asInstructor, asActor);
  }

  @Test
  @DisplayName("a statement naming one agent and one activity in several places is stored once and found by "
      + "each filter (its index rows are written without a conflict check)")
  void repeatedAgentsAndActivitiesInOneStatement() {
    String mbox = uniqueMbox();
    JsonObject agent = new JsonObject().put("objectType", "Agent").put("mbox", mbox);
    String activity = "http://example.org/repeated/" + UUID.randomUUID();
    JsonObject same = new JsonObject().put("id", activity);
    JsonObject context = new JsonObject()
        .put("instructor", agent)
        .put("team", new JsonObject().put("objectType", "Group").put("member", new JsonArray().add(agent).add(agent)))
        .put("contextActivities", new JsonObject()
            .put("parent", new JsonArray().add(same).add(same))
            .put("grouping", same)
            .put("category", new JsonArray().add(same)));
    JsonObject statement = statement(mbox, COMPLETED, activity).put("context", context);
    JsonArray inBatch = new JsonArray().add(statement).add(statement.copy().put("id", UUID.randomUUID().toString()));

    HttpResponse<Buffer> posted = lrs.postJson("/xapi/statements", inBatch);

    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    posted.bodyAsJsonArray().forEach(id -> ids.add((String) id));
    String agentFilter = "agent=" + enc(new JsonObject().put("mbox", mbox).encode());
    assertThat(queryIds(agentFilter)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(queryIds(agentFilter + "&related_agents=true")).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(queryIds("activity=" + enc(activity))).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(queryIds("activity=" + enc(activity) + "&related_activities=true"))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  private HttpResponse<Buffer> put(String id, JsonObject statement) {
    return TestLrs.await(lrs.request(HttpMethod.PUT, "/xapi/statements?statementId=" + id)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(statement.toBuffer()));
  }

  private List<String> queryIds(String query) {
    HttpResponse<Buffer> response = lrs.get("/xapi/statements?" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.bodyAsJsonObject().getJsonArray("statements").forEach(s -> ids.add(((JsonObject) s).getString("id")));
    return ids;
  }

  @Test
  @DisplayName("stored follows commit order: with 8 clients writing, a walk of the more links returns every "
      + "statement stored through its Consistent-Through, and ascending order never goes back in stored")
  void storedFollowsCommitOrderUnderConcurrentWriters() throws Exception {
    String activity = "http://example.org/concurrent/" + UUID.randomUUID();
    String first = "/xapi/statements?activity=" + enc(activity) + "&limit=10";
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> writing = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      int writer = w;
      writing.add(writers.submit(() -> {
        for (int request = 0; request < 25; request++) {
          JsonArray batch = new JsonArray();
          for (int i = 0; i <= (writer + request) % 3; i++) {
            batch.add(statement(uniqueMbox(), COMPLETED, activity));
          }
          assertThat(lrs.postJson("/xapi/statements", batch).statusCode()).isEqualTo(200);
        }
      }));
    }
    record Walk(Instant consistentThrough, Set<String> ids) {}
    List<Walk> walks = new ArrayList<>();
    while (writing.stream().anyMatch(f -> !f.isDone())) {
      HttpResponse<Buffer> page = lrs.get(first);
      Instant consistentThrough = Instant.parse(page.getHeader("X-Experience-API-Consistent-Through"));
      Set<String> ids = new HashSet<>();
      while (true) {
        JsonObject body = page.bodyAsJsonObject();
        body.getJsonArray("statements").forEach(s -> ids.add(((JsonObject) s).getString("id")));
        if (body.getString("more").isEmpty()) {
          break;
        }
        page = lrs.get(body.getString("more"));
      }
      walks.add(new Walk(consistentThrough, ids));
    }
    for (Future<?> f : writing) {
      f.get();
    }
    writers.shutdown();

    List<JsonObject> all = new ArrayList<>();
    String next = first + "&ascending=true";
    while (!next.isEmpty()) {
      JsonObject body = lrs.get(next).bodyAsJsonObject();
      body.getJsonArray("statements").forEach(s -> all.add((JsonObject) s));
      next = body.getString("more");
    }
    int expected = 0;
    for (int w = 0; w < 8; w++) {
      for (int request = 0; request < 25; request++) {
        expected += (w + request) % 3 + 1;
      }
    }
    assertThat(all).hasSize(expected);
    assertThat(all.stream().map(s -> Instant.parse(s.getString("stored"))).toList()).isSorted();
    assertThat(walks).isNotEmpty();
    for (Walk walk : walks) {
      List<String> missed = all.stream()
          .filter(s -> !Instant.parse(s.getString("stored")).isAfter(walk.consistentThrough()))
          .map(s -> s.getString("id"))
          .filter(id -> !walk.ids().contains(id))
          .toList();
      assertThat(missed).as("stored through %s but missing from that walk", walk.consistentThrough()).isEmpty();
    }
  }

  @Test
  @DisplayName("a conflicting request written alongside others fails alone: 409 for it, every other batch stored")
  void conflictAmongConcurrentWritersFailsOnlyItsOwnRequest() throws Exception {
    String mbox = uniqueMbox();
    String id = UUID.randomUUID().toString();
    lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/original").put("id", id));
    String activity = "http://example.org/alongside/" + UUID.randomUUID();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Integer>> conflicting = new ArrayList<>();
    List<Future<Integer>> good = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 4 == 0) {
        JsonArray batch = new JsonArray().add(statement(mbox, COMPLETED, activity))
            .add(statement(mbox, COMPLETED, "http://example.org/changed").put("id", id));
        conflicting.add(clients.submit(() -> lrs.postJson("/xapi/statements", batch).statusCode()));
      } else {
        good.add(clients.submit(() -> lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, activity))
            .statusCode()));
      }
    }
    for (Future<Integer> f : conflicting) {
      assertThat(f.get()).isEqualTo(409);
    }
    for (Future<Integer> f : good) {
      assertThat(f.get()).isEqualTo(200);
    }
    clients.shutdown();

    JsonObject stored = lrs.get("/xapi/statements?activity=" + enc(activity) + "&limit=100").bodyAsJsonObject();
    assertThat(stored.getJsonArray("statements")).hasSize(good.size());
    assertThat(lrs.get("/xapi/statements?statementId=" + id).bodyAsJsonObject().getJsonObject("object")
        .getString("id")).isEqualTo("http://example.org/original");
  }

  private static String agent(String mbox) {
    return enc(new JsonObject().put("mbox", mbox).encode());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
