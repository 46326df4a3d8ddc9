package org.ahphub.hub;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.Map;
import org.ahphub.embedded.ScratchDirectory;

/**
 * The whole hub for an integration test, as the README starts it but on free ports and in a throw-away data
 * directory, with a Vert.x instance and a web client of the test's own to call it. Start it in
 * {@code @BeforeAll}, close it in {@code @AfterAll}: closing stops the test's Vert.x, then the hub, then
 * deletes the data, and each step runs even if the one before failed.
 *
 * <pre>{@code
 * hub = RunningHub.start("hub-e2e-", Map.of("HUB_DEV_CREDENTIAL", "e2e:e2e-secret"));
 * hub.http().post(hub.lrsPort(), "localhost", "/xapi/statements")…
 * }</pre>
 */
public final class RunningHub implements AutoCloseable {

  private final ScratchDirectory data;
  private final Hub hub;
  private final Vertx vertx;
  private final WebClient http;

  private RunningHub(ScratchDirectory data, Hub hub, Vertx vertx) {
    this.data = data;
    this.hub = hub;
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
  }

  /**
   * Starts a hub whose data lives in a new directory named after {@code dataPrefix}, every port chosen by the
   * system; {@code settings} add to (or override) that environment, e.g. {@code HUB_DEV_CREDENTIAL}.
   */
  public static RunningHub start(String dataPrefix, Map<String, String> settings) {
    ScratchDirectory data = ScratchDirectory.create(dataPrefix);
    Map<String, String> env = new HashMap<>();
    env.put("HUB_DATA_DIR", data.path().toString());
    env.put("HUB_POSTGRES_PORT", "0");
    env.put("HUB_KAFKA_PORT", "0");
    env.put("HUB_KAFKA_CONTROLLER_PORT", "0");
    env.put("LRS_HTTP_PORT", "0");
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("CONNECTORS_HTTP_PORT", "0");
    env.putAll(settings);
    Hub hub;
    try {
      hub = Hub.start(HubConfig.fromEnv(env));
    } catch (RuntimeException | Error e) {
      data.close();
      throw e;
    }
    return new RunningHub(data, hub, Vertx.vertx());
  }

  /** The hub itself: its ports and its Kafka. */
  public Hub hub() {
    return hub;
  }

  /** The test's own Vert.x (not the hub's): for clients and fake receivers the test runs. */
  /** Where the hub keeps its data: the embedded PostgreSQL's and Kafka's files. */
  public java.nio.file.Path dataDirectory() {
    return data.path();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A web client on the test's Vert.x. */
  public WebClient http() {
    return http;
  }

  public int lrsPort() {
    return hub.lrsPort();
  }

  public int mapperPort() {
    return hub.mapperPort();
  }

  public int importsPort() {
    return hub.importsPort();
  }

  public String kafkaBootstrapServers() {
    return hub.kafkaBootstrapServers();
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      try {
        hub.close();
      } finally {
        data.close();
      }
    }
  }
}
