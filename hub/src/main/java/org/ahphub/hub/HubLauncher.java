package org.ahphub.hub;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar hub/target/ahp-hub.jar}: the whole hub on embedded defaults, until Ctrl-C. */
public final class HubLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(HubLauncher.class);

  /** How long a stop that arrives during start-up waits for the start to finish. */
  private static final Duration STOP_WAITS_FOR_START = Duration.ofMinutes(2);

  private HubLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    HubConfig config;
    try {
      config = HubConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      // A configuration problem is the operator's to fix: say what, without a stack trace.
      System.err.println("The hub did not start: " + e.getMessage());
      System.exit(2);
      return;
    }
    // The hook is in place before anything starts, and it, not the JVM, stops PostgreSQL: the services first,
    // then Kafka, then PostgreSQL. A stop during start-up waits for the start to finish (or fail and clean up).
    CompletableFuture<Hub> starting = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Hub running = startedWithin(starting, STOP_WAITS_FOR_START);
      if (running != null) {
        System.out.println("Stopping the hub…");
        running.close();
      }
      stopped.countDown();
    }, "hub-shutdown"));
    Hub hub;
    try {
      hub = Hub.start(config, false);
      starting.complete(hub);
    } catch (RuntimeException | Error e) {
      starting.completeExceptionally(e);
      LOG.error("the hub did not start", e);
      System.exit(1);
      return;
    }
    System.out.printf("""

        AHP skills-passport hub is ready in %.1f s
          xAPI LRS           http://localhost:%d/xapi/        (about: /xapi/about)
          Web page           http://localhost:%d/app/         (passports, sharing, verifier, framework)
          Passports          http://localhost:%d/passports/{personId}   (find one: /persons?agent=...)
          Framework          http://localhost:%d/framework    (CASE 1.1: /framework/case)
          Imports            http://localhost:%d/imports/{elfh|apprenticeship|local}   (upload a file; history: /imports)
          API descriptions   http://localhost:%d/openapi.yaml, http://localhost:%d/openapi.yaml   (OpenAPI 3.1)
          Health, metrics    /health/live, /health/ready, /metrics on every port
          PostgreSQL         127.0.0.1:%d  database postgres, user postgres
          Kafka              %s   topics lrs.statements, passport.updates, passport.identities
          Data               %s
          %s
        Press Ctrl-C to stop.
        %n""",
        (System.nanoTime() - started) / 1e9, hub.lrsPort(), hub.mapperPort(), hub.mapperPort(), hub.mapperPort(), hub.importsPort(),
        hub.mapperPort(), hub.importsPort(), hub.postgresPort(),
        hub.kafkaBootstrapServers(), config.dataDirectory(), modeLines(config));
    stopped.await();
  }

  /**
   * The hub once its start has finished; null if it failed (it cleaned up after itself) or is still starting
   * after {@code limit}, so a start that hangs cannot make the process ignore a stop.
   */
  private static Hub startedWithin(CompletableFuture<Hub> starting, Duration limit) {
    try {
      return starting.handle((hub, failed) -> hub).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      System.err.println("The hub was still starting after " + limit.toSeconds() + " s; stopping without it.");
      return null;
    } catch (ExecutionException notReached) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** What mode the hub runs in and, in development mode, the credential's key: never a secret. */
  static String modeLines(HubConfig config) {
    if (!config.devMode()) {
      return "Mode               production (HUB_DEV_MODE=false)";
    }
    boolean defaultCredential = !org.ahphub.platform.config.Env.of(config.environment()).isSet("HUB_DEV_CREDENTIAL");
    return "Mode               development (HUB_DEV_MODE=true): listening on 127.0.0.1 only\n"
        + "  Dev credential     key " + config.devCredentialKey() + "   (HTTP Basic; the secret is "
        + (defaultCredential ? "the README's default" : "the one in HUB_DEV_CREDENTIAL") + ", never printed)";
  }
}
