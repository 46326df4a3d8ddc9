package org.ahphub.mapper;

import io.vertx.core.Vertx;
import org.ahphub.sharing.SharingConfig;
import org.ahphub.platform.log.LogSettings;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsSettings;
import org.ahphub.platform.ops.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the competency mapper on its own against the PostgreSQL and Kafka named by the environment. */
public final class MapperMain {

  private static final Logger LOG = LoggerFactory.getLogger(MapperMain.class);

  private MapperMain() {}

  public static void main(String[] args) {
    try {
      SharingConfig.requireSafe(System.getenv());
    } catch (IllegalStateException e) {
      LOG.error(e.getMessage());
      System.exit(1);
    }
    OperationsSettings operations;
    try {
      LogSettings.require(System.getenv());
      operations = OperationsSettings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("competency mapper not started: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = HubMetrics.newVertx();
    CompetencyMapper.start(vertx, MapperConfig.fromEnv(System.getenv()), operations)
        .onSuccess(mapper -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          // Unready first, so load balancers stop sending, then stop.
          mapper.stopping();
          Shutdown.pause(operations.shutdownGrace());
          mapper.stop().eventually(vertx::close).await();
        })))
        .onFailure(e -> {
          LOG.error("competency mapper failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
