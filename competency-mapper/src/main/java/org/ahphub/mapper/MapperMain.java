package org.ahphub.mapper;

import io.vertx.core.Vertx;
import org.ahphub.sharing.SharingConfig;
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
    Vertx vertx = Vertx.vertx();
    CompetencyMapper.start(vertx, MapperConfig.fromEnv(System.getenv()))
        .onSuccess(mapper -> Runtime.getRuntime().addShutdownHook(new Thread(() ->
            mapper.stop().eventually(vertx::close).await())))
        .onFailure(e -> {
          LOG.error("competency mapper failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
