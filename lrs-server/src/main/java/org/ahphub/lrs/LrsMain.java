package org.ahphub.lrs;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the LRS on its own against the PostgreSQL and Kafka named by the environment. */
public final class LrsMain {

  private static final Logger LOG = LoggerFactory.getLogger(LrsMain.class);

  private LrsMain() {}

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    LrsServer.start(vertx, LrsConfig.fromEnv(System.getenv()))
        .onSuccess(server -> Runtime.getRuntime().addShutdownHook(new Thread(() ->
            server.stop().eventually(vertx::close).await())))
        .onFailure(e -> {
          LOG.error("LRS failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
