package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahphub.platform.log.JsonLineEncoder;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees of a running hub: {@code /metrics} of every service moving through an end-to-end run
 * (statements in, passports, a webhook delivered, an import), the request's trace carried from an LRS POST to
 * the webhook request, readiness through a PostgreSQL outage, and logs free of e-mail addresses and secrets.
 * The hub's own log lines (at DEBUG) are captured as JSON for the whole run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

  private static final String COMPETENCY_5_6 =
      "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6";
  private static final String COMPETENCY_4_1 =
      "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/4.1";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String OPERATOR = "obs-operator";
  private static final String OPERATOR_SECRET = "obs-operator-secret-" + RUN;
  private static final String MBOX = "mailto:obs-learner-" + RUN + "@example.nhs.uk";
  /** The trace the test's LRS POST starts: the webhook request must continue it. */
  private static final String TRACE_ID = UUID.randomUUID().toString().replace("-", "");
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
  private static OutputStreamAppender<ILoggingEvent> capture;
  private static Level hubLevelBefore;
  private static RunningHub hub;
  private static WebClient http;
  private static HttpServer receiver;
  private static final List<Map<String, String>> WEBHOOK_HEADERS = new CopyOnWriteArrayList<>();
  /** Every secret the run handed out: none may reach a log line. */
  private static final List<String> SECRETS = new ArrayList<>(List.of(OPERATOR_SECRET));
  private static String personId;

  @BeforeAll
  static void start() {
    captureLogs();
    hub = RunningHub.start("hub-obs-", Map.of("HUB_DEV_CREDENTIAL", OPERATOR + ":" + OPERATOR_SECRET));
    http = hub.http();
    receiver = hub.vertx().createHttpServer()
        .requestHandler(request -> request.body().onComplete(body -> {
          Map<String, String> headers = new java.util.HashMap<>();
          request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
          WEBHOOK_HEADERS.add(headers);
          request.response().setStatusCode(204).end();
        }))
        .listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      releaseLogs();
    }
  }

  @Test
  @Order(1)
  @DisplayName("/metrics of the LRS, the mapper and the upload service move through an end-to-end run: requests "
      + "counted by route, consumer lag back to zero, the relay backlog empty, a webhook delivered, an import's rows")
  void metricsMove() throws Exception {
    // an organisation P consents to, subscribed to webhooks
    JsonObject org = operator(HttpMethod.POST, "/admin/organisations",
        new JsonObject().put("name", "Obs Trust " + RUN).put("homePage", "https://obs-" + RUN + ".example.nhs.uk"), 201);
    JsonObject credential = operator(HttpMethod.POST, "/admin/organisations/" + org.getString("id") + "/credentials",
        new JsonObject().put("scopes", new JsonArray().add("passport:read").add("passport:subscribe")
            .add("statements/write").add("statements/read").add("person:link")), 201);
    String key = credential.getString("key");
    String secret = credential.getString("secret");
    SECRETS.add(secret);

    assertThat(postStatement(key, secret, statement(COMPETENCY_5_6), null).statusCode()).isEqualTo(200);
    personId = Eventually.await("the mapper to credit the learner", () -> {
      HttpResponse<Buffer> found = mapper(OPERATOR, OPERATOR_SECRET, HttpMethod.GET, "/persons")
          .addQueryParam("agent", new JsonObject().put("mbox", MBOX).encode()).send().await();
      return found.statusCode() == 200 ? found.bodyAsJsonObject().getString("personId") : null;
    }, Objects::nonNull);
    String token = operator(HttpMethod.POST, "/admin/persons/" + personId + "/learner-tokens", new JsonObject(), 201)
        .getString("token");
    SECRETS.add(token);
    String proposal = call(mapper(key, secret, HttpMethod.POST, "/relationships"),
        new JsonObject().put("kind", "employment").put("personId", personId), 201).getString("id");
    HttpResponse<Buffer> accepted = http.post(hub.mapperPort(), "localhost", "/me/relationships/" + proposal + "/accept")
        .bearerTokenAuthentication(token).sendJsonObject(new JsonObject()).await();
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
    JsonObject subscription = call(mapper(key, secret, HttpMethod.POST, "/subscriptions"),
        new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks/obs"), 201);
    SECRETS.add(subscription.getString("secret"));

    // new learning with the caller's own trace: credited, and a webhook about it
    HttpResponse<Buffer> traced = postStatement(key, secret, statement(COMPETENCY_4_1), TRACEPARENT);
    assertThat(traced.statusCode()).isEqualTo(200);
    assertThat(traced.getHeader("X-Request-Id")).as("the request id is the caller's trace id").isEqualTo(TRACE_ID);
    Eventually.await("a webhook delivered to the subscriber", Duration.ofSeconds(30), () -> WEBHOOK_HEADERS.size(),
        n -> n > 0);

    // an upload through the connectors' service
    Buffer export = Buffer.buffer(Files.readAllBytes(Path.of("../connectors/samples/elfh-completions.csv")));
    HttpResponse<Buffer> upload = http.post(hub.importsPort(), "localhost", "/imports/elfh")
        .putHeader("Content-Type", "text/csv").basicAuthentication(OPERATOR, OPERATOR_SECRET).sendBuffer(export).await();
    assertThat(upload.statusCode()).isEqualTo(202);

    Map<String, String> lrs = Eventually.await("LRS metrics: statements posted, nothing left to relay, identity lag 0",
        () -> scrape(hub.lrsPort()), m -> value(m, "vertx_http_server_requests_total",
            "code=\"200\"", "method=\"POST\"", "route=\"/xapi/statements\"") >= 2
            && value(m, "ahp_lrs_relay_backlog") == 0
            && value(m, "ahp_kafka_consumer_lag", "group=\"lrs-server\"") == 0);
    assertThat(value(lrs, "vertx_http_server_response_time_seconds_bucket", "route=\"/xapi/statements\"",
        "le=\"+Inf\"")).as("latency histogram").isPositive();
    assertThat(lrs.keySet()).anyMatch(series -> series.startsWith("vertx_pool_in_use{"));

    Map<String, String> mapper = Eventually.await("mapper metrics: consumer lag back to zero, a webhook delivered",
        () -> scrape(hub.mapperPort()), m -> value(m, "ahp_kafka_consumer_lag", "topic=\"lrs.statements\"") == 0
            && count(m, "ahp_kafka_consumer_lag", "topic=\"lrs.statements\"") > 0
            && value(m, "ahp_kafka_consumer_lag", "topic=\"passport.updates\"") == 0
            && value(m, "ahp_webhook_attempts_total", "outcome=\"delivered\"") >= 1
            && value(m, "ahp_mapper_outbox_backlog") == 0);
    assertThat(value(mapper, "ahp_mapper_statement_to_passport_seconds_count")).isPositive();
    assertThat(mapper).containsKey("ahp_webhook_queue_depth");
    assertThat(mapper).containsKey("ahp_webhook_circuits{state=\"closed\"}");
    assertThat(mapper).containsKeys("ahp_credentials_issued", "ahp_credentials_revoked{by=\"operator\"}");
    assertThat(value(mapper, "vertx_http_server_requests_total", "route=\"/subscriptions\"", "code=\"201\"")).isPositive();

    Map<String, String> imports = Eventually.await("import metrics: the sample's rows read and rejected",
        () -> scrape(hub.importsPort()), m -> value(m, "ahp_import_rows_total", "outcome=\"read\"") > 0);
    assertThat(value(imports, "ahp_import_rows_total", "outcome=\"rejected\"")).isPositive();
    assertThat(value(imports, "ahp_import_statements_stored_total")).isPositive();
    Eventually.await("every consumer group caught up again after the import", () -> scrape(hub.mapperPort()),
        m -> count(m, "ahp_kafka_consumer_lag") > 0 && value(m, "ahp_kafka_consumer_lag") == 0);

    // for the operator's guide (docs/monitoring.md): what an operator sees
    String raw = http.get(hub.mapperPort(), "localhost", "/metrics").send().await().bodyAsString();
    System.out.println("METRICS EXCERPT (curl /metrics):\n" + String.join("\n", raw.lines()
        .filter(line -> line.startsWith("ahp_") && !line.contains("_bucket{")
            || line.startsWith("vertx_http_server_requests_total") && !line.contains("/metrics")
            || line.startsWith("vertx_pool_in_use") || line.startsWith("vertx_pool_queue_pending"))
        .toList()));

    String all = String.join("\n", scrape(hub.mapperPort()).keySet());
    assertThat(all).as("no person id or e-mail address in any label").doesNotContain(personId).doesNotContain("@");
  }

  @Test
  @Order(2)
  @DisplayName("the trace of an LRS POST reaches the webhook request as its traceparent (same trace id, new parent)")
  void traceReachesTheWebhook() throws Exception {
    Map<String, String> headers = Eventually.await("the webhook caused by the traced statement", Duration.ofSeconds(30),
        () -> WEBHOOK_HEADERS.stream().filter(h -> String.valueOf(h.get("traceparent")).contains(TRACE_ID)).findFirst()
            .orElse(null), Objects::nonNull);
    assertThat(headers.get("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
        .isNotEqualTo(TRACEPARENT);
  }

  @Test
  @Order(3)
  @DisplayName("/metrics answers only the bearer token when HUB_METRICS_TOKEN is set")
  void metricsToken() {
    // this hub runs without a token: open; a token-protected endpoint is checked on the platform's own test
    assertThat(http.get(hub.lrsPort(), "localhost", "/metrics").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  @Order(4)
  @DisplayName("readiness: every service is ready, turns 503 naming postgresql while PostgreSQL is down, and ready "
      + "again once it is back; liveness and /health stay 200")
  void readinessFollowsPostgres() throws Exception {
    List<Integer> ports = List.of(hub.lrsPort(), hub.mapperPort(), hub.importsPort());
    for (int port : ports) {
      HttpResponse<Buffer> ready = http.get(port, "localhost", "/health/ready").send().await();
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    }
    HttpResponse<Buffer> lrsReady = http.get(hub.lrsPort(), "localhost", "/health/ready").send().await();
    assertThat(lrsReady.bodyAsJsonObject().getJsonObject("checks").fieldNames())
        .containsExactlyInAnyOrder("postgresql", "kafka", "migrations");

    hub.hub().stopPostgres();
    try {
      for (int port : ports) {
        HttpResponse<Buffer> unready = Eventually.await("port " + port + " unready",
            () -> http.get(port, "localhost", "/health/ready").send().await(), r -> r.statusCode() == 503);
        assertThat(unready.bodyAsJsonObject().getJsonArray("failing")).contains("postgresql");
        assertThat(http.get(port, "localhost", "/health/live").send().await().statusCode()).isEqualTo(200);
        assertThat(http.get(port, "localhost", "/health").send().await().statusCode()).isEqualTo(200);
      }
    } finally {
      hub.hub().startPostgres();
    }
    for (int port : ports) {
      Eventually.await("port " + port + " ready again", Duration.ofSeconds(30),
          () -> http.get(port, "localhost", "/health/ready").send().await().statusCode(), status -> status == 200);
    }
  }

  @Test
  @Order(5)
  @DisplayName("no log line of the whole run holds a learner's e-mail address or any secret handed out")
  void logsHoldNoPersonalDataOrSecrets() throws Exception {
    String logs;
    synchronized (LOGS) {
      logs = LOGS.toString(StandardCharsets.UTF_8);
    }
    assertThat(logs).as("the hub logged at all (capture works)").contains("\"level\":\"INFO\"");
    List<String> emails = new ArrayList<>(List.of(MBOX.substring("mailto:".length())));
    Matcher inSample = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
        .matcher(Files.readString(Path.of("../connectors/samples/elfh-completions.csv")));
    while (inSample.find()) {
      emails.add(inSample.group());
    }
    assertThat(emails).hasSizeGreaterThan(1);
    for (String email : emails) {
      assertThat(logs).as("e-mail address " + email + " in the log").doesNotContain(email);
    }
    for (String secret : SECRETS) {
      assertThat(logs).as("a secret in the log").doesNotContain(secret);
    }
    for (String line : logs.split("\n")) {
      new JsonObject(line); // every line is one JSON object
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** The series of a scrape: "name{labels}" → value. */
  private static Map<String, String> scrape(int port) {
    HttpResponse<Buffer> response = http.get(port, "localhost", "/metrics").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    Map<String, String> series = new java.util.LinkedHashMap<>();
    for (String line : response.bodyAsString().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), line.substring(space + 1));
    }
    return series;
  }

  /** The sum of the series named {@code name} whose labels contain every one of {@code labels}. */
  private static double value(Map<String, String> series, String name, String... labels) {
    return series.entrySet().stream().filter(e -> matches(e.getKey(), name, labels))
        .mapToDouble(e -> Double.parseDouble(e.getValue())).sum();
  }

  private static long count(Map<String, String> series, String name, String... labels) {
    return series.keySet().stream().filter(key -> matches(key, name, labels)).count();
  }

  private static boolean matches(String key, String name, String... labels) {
    if (!(key.equals(name) || key.startsWith(name + "{"))) {
      return false;
    }
    for (String label : labels) {
      if (!key.contains(label)) {
        return false;
      }
    }
    return true;
  }

  private static JsonObject statement(String competency) {
    return new JsonObject()
        .put("actor", new JsonObject().put("mbox", MBOX))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.obs.example.nhs.uk/courses/" + UUID.randomUUID()))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", competency)))));
  }

  private static HttpResponse<Buffer> postStatement(String key, String secret, JsonObject statement, String traceparent) {
    HttpRequest<Buffer> request = http.post(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3").basicAuthentication(key, secret);
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    return request.sendJsonObject(statement).await();
  }

  private static HttpRequest<Buffer> mapper(String key, String secret, HttpMethod method, String path) {
    return http.request(method, hub.mapperPort(), "localhost", path).basicAuthentication(key, secret);
  }

  private static JsonObject operator(HttpMethod method, String path, JsonObject body, int expected) {
    return call(mapper(OPERATOR, OPERATOR_SECRET, method, path), body, expected);
  }

  private static JsonObject call(HttpRequest<Buffer> request, JsonObject body, int expected) {
    HttpResponse<Buffer> response = request.sendJsonObject(body).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(expected);
    return response.bodyAsJsonObject();
  }

  /** Every line the hub logs, the hub's own at DEBUG, as JSON lines into {@link #LOGS}. */
  private static void captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    capture = new OutputStreamAppender<>();
    capture.setContext(context);
    capture.setName("observability-capture");
    capture.setEncoder(encoder);
    capture.setOutputStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        synchronized (LOGS) {
          LOGS.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (LOGS) {
          LOGS.write(b, off, len);
        }
      }
    });
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    Logger hubLoggers = context.getLogger("org.ahphub");
    hubLevelBefore = hubLoggers.getLevel();
    hubLoggers.setLevel(Level.DEBUG);
    // the hub's DEBUG lines go to the capture only, not to the test's console
    hubLoggers.setAdditive(false);
    hubLoggers.addAppender(capture);
  }

  private static void releaseLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger hubLoggers = context.getLogger("org.ahphub");
    hubLoggers.detachAppender(capture);
    hubLoggers.setAdditive(true);
    hubLoggers.setLevel(hubLevelBefore);
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    capture.stop();
  }
}
