package org.ahphub.lrs.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.lrs.LrsServer;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;

/**
 * One LRS for a test class: a fresh database on the shared test PostgreSQL, the shared test
 * broker, a bootstrap credential, and a web client whose requests carry that credential and
 * an {@code X-Experience-API-Version} header unless a test replaces them.
 */
public final class TestLrs implements AutoCloseable {

  public static final String KEY = "test-key";
  public static final String SECRET = "test-secret";
  /** The one origin the test LRS trusts with credentials (LRS_CORS_ORIGINS). */
  public static final String CORS_ORIGIN = "https://content.example.org";

  private final Vertx vertx;
  private final LrsServer server;
  private final WebClient client;
  private final String kafka;
  private final DatabaseConfig database;

  private TestLrs(Vertx vertx, LrsServer server, WebClient client, String kafka, DatabaseConfig database) {
    this.database = database;
    this.vertx = vertx;
    this.server = server;
    this.client = client;
    this.kafka = kafka;
  }

  public static TestLrs start() {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    String kafka = infrastructure.kafkaBootstrapServers();
    // Its own consumer group: every test LRS reads all of passport.identities from the start.
    LrsConfig config = new LrsConfig(0, 1, "http://127.0.0.1", true, "lrs-it-" + UUID.randomUUID(),
        KEY + ":" + SECRET, "Test Trust",
        new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 4),
        new KafkaSettings(kafka, 2), java.util.List.of(CORS_ORIGIN), "127.0.0.1",
        org.ahphub.platform.identity.AuthSettings.defaults(), null,
        org.ahphub.platform.privacy.SubjectKeys.CACHE_FOR, 1);
    Vertx vertx = Vertx.vertx();
    LrsServer server = await(LrsServer.start(vertx, config));
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    return new TestLrs(vertx, server, client, kafka, config.database());
  }

  public LrsServer server() {
    return server;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The LRS's database, for a test that opens pools of its own (several LRS processes' worth). */
  public DatabaseConfig database() {
    return database;
  }

  public String kafkaBootstrapServers() {
    return kafka;
  }

  /** A request with the test credential and version 1.0.3. */
  public HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, uri)
        .putHeader("Authorization", basic(KEY, SECRET))
        .putHeader("X-Experience-API-Version", "1.0.3");
  }

  public HttpResponse<Buffer> postJson(String uri, Object body) {
    return await(request(HttpMethod.POST, uri).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(io.vertx.core.json.Json.encode(body))));
  }

  public HttpResponse<Buffer> get(String uri) {
    return await(request(HttpMethod.GET, uri).send());
  }

  public static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes());
  }

  public static JsonObject statement(String mbox, String verb, String activity) {
    return new JsonObject()
        .put("actor", new JsonObject().put("objectType", "Agent").put("mbox", mbox))
        .put("verb", new JsonObject().put("id", verb).put("display", new JsonObject().put("en-GB", "did")))
        .put("object", new JsonObject().put("objectType", "Activity").put("id", activity));
  }

  /** A learner nobody else in the test run uses. */
  public static String uniqueMbox() {
    return "mailto:learner-" + UUID.randomUUID() + "@example.org";
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(server.stop().eventually(() -> vertx.close()));
  }
}
