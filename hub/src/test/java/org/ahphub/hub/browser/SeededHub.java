package org.ahphub.hub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.hub.RunningHub;
import org.ahphub.testing.Eventually;

/**
 * The real hub on free ports, seeded only through its public APIs: organisations and credentials
 * through the admin API, relationships and a webhook subscription by the organisations themselves,
 * learning as xAPI statements posted to the LRS.
 *
 * <ul>
 *   <li>Sam works for Northfield Community Trust: entry-stage learning in every domain but a few gaps,
 *       some senior-support-worker learning, fire safety due within 30 days, health and safety expired.
 *   <li>Riley is enrolled with Westway Skills Academy; Northfield has no relationship with Riley.
 *   <li>Southgate Hospitals has a credential and no relationship with anyone.
 *   <li>The catalogue: Northfield's fire safety and health and safety courses (to renew with) and Westway's
 *       privacy and dignity course (suggested for Sam's gap at 3.2), each with a page on a local course site.
 * </ul>
 */
final class SeededHub implements AutoCloseable {

  static final String FRAMEWORK = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021";
  static final String CSTF = "https://ahp-hub.org/vocab/cstf/";
  static final String SAM = "mailto:sam.support@northfield.example.nhs.uk";
  static final String RILEY = "mailto:riley.trainee@westway.example.ac.uk";
  /**
   * Entry-stage competencies without explicit learning for Sam: 3.2 missing; 5.1 expiring (fire safety,
   * renewed yearly, ends in 18 days); 5.4 and 8.2 expired (health and safety ended five days ago).
   */
  /** Sam's staff number at Northfield. */
  static final String SAM_STAFF_NUMBER = "NF-10042";
  static final Set<String> SAM_ENTRY_NOT_EXPLICIT = Set.of("3.2", "5.1", "5.4", "8.2");
  static final List<String> SAM_INTERMEDIATE = List.of("4.1", "4.2", "4.3", "5.6");
  private static final String ADMIN = "browser-admin";
  private static final String ADMIN_SECRET = "browser-admin-secret";

  final RunningHub hub;
  final WebClient http;
  final HttpServer receiver;
  /** A training provider's course pages, where the catalogue's course links lead. */
  final HttpServer courses;
  /** The status code the test webhook receiver answers with. */
  final AtomicInteger receiverStatus;
  final AtomicInteger received;

  Org northfield;
  Org westway;
  Org southgate;
  String samId;
  String rileyId;
  String samToken;
  String subscriptionId;

  record Org(String id, String name, String key, String secret) {}

  private SeededHub(RunningHub hub, HttpServer receiver, AtomicInteger receiverStatus, AtomicInteger received,
      HttpServer courses) {
    this.receiverStatus = receiverStatus;
    this.received = received;
    this.hub = hub;
    this.http = hub.http();
    this.receiver = receiver;
    this.courses = courses;
  }

  static SeededHub start() throws Exception {
    RunningHub hub = RunningHub.start("hub-browser-", Map.of(
        "HUB_DEV_CREDENTIAL", ADMIN + ":" + ADMIN_SECRET,
        // the test's webhook receiver listens on 127.0.0.1 over http: development mode allows that
        "HUB_DEV_MODE", "true",
        "WEBHOOK_RETRY_BASE", "PT0.2S",
        "WEBHOOK_RETRY_MAX_DELAY", "PT0.5S",
        "WEBHOOK_RETRY_FOR", "PT2S"));
    try {
      AtomicInteger status = new AtomicInteger(500);
      AtomicInteger count = new AtomicInteger();
      HttpServer receiver = hub.vertx().createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
        count.incrementAndGet();
        request.response().setStatusCode(status.get()).end();
      })).listen(0, "127.0.0.1").await();
      HttpServer courses = hub.vertx().createHttpServer().requestHandler(request -> request.response()
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .end("<!doctype html><html lang=\"en-GB\"><title>Course " + request.path() + "</title><h1>Course page</h1>"))
          .listen(0, "127.0.0.1").await();
      SeededHub seeded = new SeededHub(hub, receiver, status, count, courses);
      seeded.seed();
      return seeded;
    } catch (Exception | AssertionError e) {
      hub.close();
      throw e;
    }
  }

  String baseUrl() {
    return "http://localhost:" + hub.mapperPort();
  }

  private void seed() throws InterruptedException {
    northfield = organisation("Northfield Community Trust", "https://northfield.example.nhs.uk", "trust");
    westway = organisation("Westway Skills Academy", "https://westway.example.ac.uk", "training-provider");
    southgate = organisation("Southgate Hospitals", "https://southgate.example.nhs.uk", "trust");

    subscriptionId = as(northfield, "POST", "/subscriptions", new JsonObject()
        .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks/passports")
        .put("description", "Staff passport updates"), 201).getString("id");
    as(westway, "POST", "/relationships", new JsonObject().put("kind", "enrolment")
        .put("agent", new JsonObject().put("mbox", RILEY)), 201);

    JsonObject framework = http.get(hub.mapperPort(), "localhost", "/framework").send().await().bodyAsJsonObject();
    JsonArray samEntry = new JsonArray();
    for (Object d : framework.getJsonArray("domains")) {
      for (Object c : ((JsonObject) d).getJsonArray("competencies")) {
        String number = ((JsonObject) c).getString("number");
        if (!SAM_ENTRY_NOT_EXPLICIT.contains(number)) {
          samEntry.add(category(FRAMEWORK + "/competencies/" + number + "/entry"));
        }
      }
    }
    Instant now = Instant.now();
    postStatement(northfield, statement(SAM, "Sam Support", "https://learning.northfield.example.nhs.uk/induction",
        "Northfield support worker induction", now.minus(Duration.ofDays(200)), samEntry));
    // Northfield records the employment by person id (a relationship recorded by identifier is listed
    // without the person id, so the page could not show who it is); later changes reach its webhook.
    samId = awaitPerson(SAM, 1);
    as(northfield, "POST", "/relationships", new JsonObject().put("kind", "employment").put("personId", samId), 201);
    JsonArray senior = new JsonArray();
    SAM_INTERMEDIATE.forEach(n -> senior.add(category(FRAMEWORK + "/competencies/" + n + "/intermediate")));
    postStatement(westway, statement(SAM, "Sam Support", "https://westway.example.ac.uk/courses/senior-communication",
        "Communicating in care, level 3", now.minus(Duration.ofDays(40)), senior));
    // Learning that credits nothing: a talk Sam attended, and hoist transfers assessed in practice as not yet
    // competent. Posted before the training below, so waiting for that (same learner, same partition) waits for these.
    postStatement(northfield, statement(SAM, "Sam Support", "https://learning.northfield.example.nhs.uk/talks/falls",
        "Falls prevention talk", now.minus(Duration.ofDays(30)), new JsonArray())
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/attended")
            .put("display", new JsonObject().put("en-GB", "attended"))));
    postStatement(northfield, statement(SAM, "Sam Support", "https://learning.northfield.example.nhs.uk/practice/hoist",
        "Hoist transfers - assessment in practice", now.minus(Duration.ofDays(20)), new JsonArray())
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/failed")
            .put("display", new JsonObject().put("en-GB", "failed")))
        .put("result", new JsonObject().put("success", false).put("completion", true))
        .put("context", new JsonObject().put("instructor", new JsonObject().put("objectType", "Agent")
            .put("account", new JsonObject().put("homePage", "https://northfield.example.nhs.uk").put("name", "200145")))));
    // Statutory and mandatory training: fire safety renews yearly (due in about 18 days), health and
    // safety every three years (ended five days ago).
    postStatement(northfield, statement(SAM, "Sam Support", CSTF + "fire-safety", "Fire safety",
        now.atZone(ZoneOffset.UTC).minusYears(1).plusDays(18).toInstant(), new JsonArray()));
    postStatement(northfield, statement(SAM, "Sam Support", CSTF + "health-safety-welfare", "Health, safety and welfare",
        now.atZone(ZoneOffset.UTC).minusYears(3).minusDays(5).toInstant(), new JsonArray()));
    postStatement(westway, statement(RILEY, "Riley Trainee", "https://westway.example.ac.uk/courses/care-basics",
        "Care basics", now.minus(Duration.ofDays(10)), new JsonArray()
            .add(category(FRAMEWORK + "/competencies/4.1/entry"))
            .add(category(FRAMEWORK + "/competencies/5.6/entry"))));

    samId = awaitPerson(SAM, 4);
    rileyId = awaitPerson(RILEY, 1);
    samToken = admin("POST", "/admin/persons/" + samId + "/learner-tokens", new JsonObject().put("validForDays", 7), 201)
        .getString("token");
    // Northfield and Westway see their people only once the people accepted (as they would on the page).
    acceptEveryProposal(samToken);
    // Northfield knows Sam by a staff number: an account on its own home page, which it shows beside Sam's name.
    as(northfield, "POST", "/persons/" + samId + "/identifiers", new JsonObject().put("account",
        new JsonObject().put("homePage", "https://northfield.example.nhs.uk").put("name", SAM_STAFF_NUMBER)), 200);
    acceptEveryProposal(admin("POST", "/admin/persons/" + rileyId + "/learner-tokens",
        new JsonObject().put("validForDays", 1), 201).getString("token"));

    as(northfield, "PUT", "/catalogue/activities", new JsonObject().put("activities", new JsonArray()
        .add(course("fire-safety", "5.1"))
        .add(course("health-safety-welfare", "5.4", "8.2"))), 200);
    as(westway, "PUT", "/catalogue/activities", new JsonObject().put("activities", new JsonArray()
        .add(course("privacy-and-dignity", "3.2"))), 200);
  }

  /** The address of a course page on the local course site. */
  String courseUrl(String name) {
    return "http://127.0.0.1:" + courses.actualPort() + "/courses/" + name;
  }

  /** A catalogue entry for the course {@code name}, aligned to these competencies at the support worker stage. */
  private JsonObject course(String name, String... competencies) {
    JsonArray aligned = new JsonArray();
    for (String number : competencies) {
      aligned.add(new JsonObject().put("competency", number).put("stages", new JsonArray().add("entry")));
    }
    return new JsonObject().put("id", courseUrl(name)).put("competencies", aligned);
  }

  private void acceptEveryProposal(String token) {
    HttpResponse<Buffer> listed = http.get(hub.mapperPort(), "localhost", "/me/relationships")
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    for (Object r : listed.bodyAsJsonObject().getJsonArray("relationships")) {
      JsonObject relationship = (JsonObject) r;
      if ("proposed".equals(relationship.getString("status"))) {
        HttpResponse<Buffer> accepted = http.post(hub.mapperPort(), "localhost",
                "/me/relationships/" + relationship.getString("id") + "/accept")
            .putHeader("Authorization", "Bearer " + token).send().await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
      }
    }
  }

  /**
   * An e-learning platform's own record of Sam (3.2 at entry, under its account, which the platform knows but
   * the hub does not link to Sam), and a claim code the platform issues for it, for Sam to join it.
   */
  String platformClaimCodeForSam() throws InterruptedException {
    String home = "https://learning.platform.example.org";
    Org platform = organisation("Platform Learning", home, "e-learning-platform");
    JsonObject account = new JsonObject().put("account", new JsonObject().put("homePage", home).put("name", "sam-7731"));
    postStatement(platform, statement(SAM, "Sam Support", home + "/courses/privacy-and-dignity", "Privacy and dignity",
        Instant.now().minus(Duration.ofDays(10)), new JsonArray().add(category(FRAMEWORK + "/competencies/3.2/entry")))
        .put("actor", account));
    Eventually.await("the platform's record of Sam", Duration.ofSeconds(60), Duration.ofMillis(150),
        () -> http.get(hub.mapperPort(), "localhost", "/persons").addQueryParam("agent", account.encode())
            .basicAuthentication(ADMIN, ADMIN_SECRET).send().await().statusCode(), status -> status == 200);
    return as(platform, "POST", "/claim-codes", account, 201).getString("code");
  }

  private static JsonObject category(String iri) {
    return new JsonObject().put("id", iri);
  }

  private static JsonObject statement(String mbox, String name, String activity, String title, Instant when,
      JsonArray categories) {
    JsonObject statement = new JsonObject()
        .put("actor", new JsonObject().put("mbox", mbox).put("name", name))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed")
            .put("display", new JsonObject().put("en-GB", "completed")))
        .put("object", new JsonObject().put("id", activity)
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", title))))
        .put("timestamp", when.toString());
    if (!categories.isEmpty()) {
      statement.put("context", new JsonObject().put("contextActivities", new JsonObject().put("category", categories)));
    }
    return statement;
  }

  private Org organisation(String name, String homePage, String kind) {
    JsonObject created = admin("POST", "/admin/organisations", new JsonObject().put("name", name).put("homePage", homePage)
        .put("kind", kind), 201);
    JsonObject credential = admin("POST", "/admin/organisations/" + created.getString("id") + "/credentials",
        new JsonObject().put("scopes", new JsonArray()
            .add("passport:read").add("person:link").add("passport:subscribe").add("statements/write")
            .add("catalogue:write")), 201);
    return new Org(created.getString("id"), name, credential.getString("key"), credential.getString("secret"));
  }

  private void postStatement(Org org, JsonObject statement) {
    HttpResponse<Buffer> posted = http.post(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3")
        .basicAuthentication(org.key(), org.secret())
        .sendJson(statement).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
  }

  /** How far the mapper got with a seeded learner: their person id (null before the first credit) and statements credited. */
  private record Credited(String personId, long statements) {}

  /** Waits until the mapper has credited the person from {@code statements} statements, and returns their id. */
  private String awaitPerson(String mbox, int statements) throws InterruptedException {
    return Eventually.await("the mapper to credit " + statements + " statements for a seeded learner",
        Duration.ofSeconds(60), Duration.ofMillis(150), () -> {
          HttpResponse<Buffer> found = http.get(hub.mapperPort(), "localhost", "/persons")
              .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
              .basicAuthentication(ADMIN, ADMIN_SECRET).send().await();
          if (found.statusCode() != 200) {
            return new Credited(null, 0);
          }
          String personId = found.bodyAsJsonObject().getString("personId");
          JsonObject passport = admin("GET", "/passports/" + personId, null, 200);
          long seen = passport.getJsonArray("competencies").stream()
              .flatMap(c -> ((JsonObject) c).getJsonArray("stages").stream())
              .flatMap(s -> ((JsonObject) s).getJsonArray("evidence").stream())
              .map(e -> ((JsonObject) e).getString("statementId")).distinct().count();
          return new Credited(personId, seen);
        }, credited -> credited.statements() >= statements).personId();
  }

  JsonObject admin(String method, String path, JsonObject body, int expected) {
    return call(ADMIN, ADMIN_SECRET, method, path, body, expected);
  }

  JsonObject as(Org org, String method, String path, JsonObject body, int expected) {
    return call(org.key(), org.secret(), method, path, body, expected);
  }

  private JsonObject call(String key, String secret, String method, String path, JsonObject body, int expected) {
    var request = http.request(io.vertx.core.http.HttpMethod.valueOf(method), hub.mapperPort(), "localhost", path)
        .basicAuthentication(key, secret);
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJson(body)).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(expected);
    return response.body() == null || response.body().length() == 0 ? new JsonObject() : response.bodyAsJsonObject();
  }

  JsonObject asLearner(String path) {
    HttpResponse<Buffer> response = http.get(hub.mapperPort(), "localhost", path)
        .putHeader("Authorization", "Bearer " + samToken).send().await();
    assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Stops the test's Vert.x (and the receiver on it), then the hub, and deletes its data. */
  @Override
  public void close() {
    hub.close();
  }
}
