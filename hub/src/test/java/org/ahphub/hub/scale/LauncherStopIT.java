package org.ahphub.hub.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ahphub.embedded.ScratchDirectory;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The launcher from the packaged jar, stopped as an operator or orchestrator stops it ({@code kill}, SIGTERM)
 * while statements arrive: its services drain into a PostgreSQL that is still running, then PostgreSQL stops
 * cleanly, and a restart finds every statement that was answered 200. A stop during start-up leaves nothing running.
 */
@DisplayName("The launcher stops on SIGTERM under load: services first, PostgreSQL last, nothing acknowledged lost")
class LauncherStopIT {

  private static final String KEY = "stop-it";
  private static final String SECRET = "stop-it-secret-" + UUID.randomUUID();
  private static final int CLIENTS = 4;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private ScratchDirectory data;
  private final List<ServiceProcess> launchers = new ArrayList<>();

  @BeforeEach
  void createData() {
    data = ScratchDirectory.create("hub-launcher-stop-");
  }

  @AfterEach
  void stop() throws IOException {
    launchers.forEach(ServiceProcess::close);
    // A PostgreSQL that a failed test left running would outlive the build.
    Path pid = postmasterPid();
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip())).ifPresent(ProcessHandle::destroy);
    }
    data.close();
  }

  @Test
  @DisplayName("a stop while it starts waits for the start, then stops everything: no PostgreSQL left running")
  void sigtermWhileStarting() throws Exception {
    Map<String, String> env = environment();
    ServiceProcess launcher = ServiceProcess.start("launcher-starting", "org.ahphub.hub.HubLauncher",
        Integer.parseInt(env.get("LRS_HTTP_PORT")), env, data.path(), "512m");
    launchers.add(launcher);
    // PostgreSQL is up; Kafka and the services are still to come.
    Eventually.await("PostgreSQL started", Duration.ofMinutes(1), Duration.ofMillis(20),
        () -> Files.exists(postmasterPid()), started -> started);

    launcher.terminate(Duration.ofMinutes(1));

    assertThat(postmasterPid()).as("PostgreSQL stopped with the launcher:\n%s", launcher.tail()).doesNotExist();
  }

  @Test
  @DisplayName("no errors while stopping, no PostgreSQL left running, every 200 stored")
  void sigtermUnderLoad() throws Exception {
    Map<String, String> env = environment();
    ServiceProcess first = launch("launcher-1", env);

    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(() -> postUntilRefused(first, outcomes, loading));
    }
    Thread.sleep(2_000);
    int exit = first.terminate(Duration.ofSeconds(60));
    loading.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    String log = Files.readString(first.log, StandardCharsets.UTF_8);
    String stopping = log.substring(log.indexOf("Stopping the hub"));
    assertThat(exit).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
    assertThat(stopping.lines().filter(line -> line.contains(" ERROR ")))
        .as("errors logged while stopping:\n%s", stopping).isEmpty();
    assertThat(postmasterPid())
        .as("PostgreSQL stopped with the launcher").doesNotExist();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    outcomes.forEach((id, status) -> {
      if (status == 200) {
        acknowledged.add(id);
      }
    });
    assertThat(acknowledged).as("statements answered 200 before the stop").hasSizeGreaterThan(20);
    assertThat(outcomes.values()).as("every answer a 200 or a 503 asking to retry, never another error")
        .allMatch(status -> status == 200 || status == 503);

    ServiceProcess second = launch("launcher-2", env);
    List<String> missing = new ArrayList<>();
    for (String id : acknowledged) {
      if (get(second.port, id) != 200) {
        missing.add(id);
      }
    }
    assertThat(missing).as("acknowledged statements missing after the restart").isEmpty();
  }

  private Path postmasterPid() {
    return data.path().resolve("hub").resolve("postgres").resolve("postmaster.pid");
  }

  private ServiceProcess launch(String name, Map<String, String> env) throws InterruptedException {
    ServiceProcess launcher = ServiceProcess.start(name, "org.ahphub.hub.HubLauncher",
        Integer.parseInt(env.get("LRS_HTTP_PORT")), env, data.path(), "512m");
    launchers.add(launcher);
    return launcher.awaitReady(Duration.ofMinutes(2));
  }

  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HUB_DATA_DIR", data.path().resolve("hub").toString());
    for (String port : List.of("LRS_HTTP_PORT", "MAPPER_HTTP_PORT", "CONNECTORS_HTTP_PORT", "HUB_POSTGRES_PORT",
        "HUB_KAFKA_PORT", "HUB_KAFKA_CONTROLLER_PORT")) {
      env.put(port, String.valueOf(ServiceProcess.freePort()));
    }
    env.put("HUB_DEV_CREDENTIAL", KEY + ":" + SECRET);
    env.put("HUB_SHUTDOWN_GRACE", "PT1S");
    return env;
  }

  /** Single-statement POSTs with the client's own ids until the launcher stops answering. */
  private static void postUntilRefused(ServiceProcess launcher, Map<String, Integer> outcomes,
      AtomicBoolean loading) {
    while (loading.get()) {
      String id = UUID.randomUUID().toString();
      JsonObject statement = new JsonObject().put("id", id)
          .put("actor", new JsonObject().put("mbox", "mailto:stop-" + UUID.randomUUID() + "@example.nhs.uk"))
          .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
          .put("object", new JsonObject().put("id", "https://learning.example.nhs.uk/stop/" + id));
      try {
        outcomes.put(id, launcher.postStatement(KEY, SECRET, statement));
      } catch (IOException closedOrRefused) {
        // No answer: the statement was not acknowledged (it may or may not be stored).
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int get(int port, String id) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/xapi/statements?statementId=" + id))
        .timeout(Duration.ofSeconds(30)).header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", ServiceProcess.basic(KEY, SECRET)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

}
