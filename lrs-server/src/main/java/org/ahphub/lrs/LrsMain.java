package org.ahphub.lrs;

import io.vertx.core.Vertx;
import org.ahphub.platform.log.LogSettings;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsSettings;
import org.ahphub.platform.ops.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the LRS on its own against the PostgreSQL and Kafka named by the environment. On SIGTERM it answers
 * {@code /health/ready} with 503 for {@code HUB_SHUTDOWN_GRACE}, then stops.
 */
public final class LrsMain {

  private static final Logger LOG = LoggerFactory.getLogger(LrsMain.class);

  private LrsMain() {}

  public static void main(String[] args) {
    LrsConfig config;
    OperationsSettings operations;
    try {
      LogSettings.require(System.getenv());
      config = LrsConfig.fromEnv(System.getenv());
      operations = OperationsSettings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("LRS not started: {}", e.getMessage());
      System.exit(2);
      return;
    }
    boolean devMode = org.ahphub.platform.config.Env.of(System.getenv()).bool("HUB_DEV_MODE", false);
    if (!devMode && config.keyEncryptionKey() == null) {
      LOG.error("refusing to start outside development mode: HUB_KEY_ENCRYPTION_KEY is not set (base64 of 32 random "
          + "bytes, e.g. `openssl rand -base64 32`; the same for every service of the hub). It seals each learner's "
          + "key for the statements published to Kafka. (For a local trial only, set HUB_DEV_MODE=true.)");
      System.exit(1);
    }
    Vertx vertx = HubMetrics.newVertx();
    LrsServer.start(vertx, config, operations)
        .onSuccess(server -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          server.stopping();
          Shutdown.pause(operations.shutdownGrace());
          server.stop().eventually(vertx::close).await();
        })))
        .onFailure(e -> {
          LOG.error("LRS failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
