package org.ahphub.connectors.http;

import io.vertx.core.Vertx;
import org.ahphub.connectors.ConnectorsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the upload endpoint on its own, posting to the LRS at {@code LRS_URL}. */
public final class ImportServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(ImportServerMain.class);

  private ImportServerMain() {}

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    ImportApiVerticle api = new ImportApiVerticle(ConnectorsConfig.fromEnv(System.getenv()));
    vertx.deployVerticle(api)
        .onSuccess(id -> Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await())))
        .onFailure(e -> {
          LOG.error("connectors import endpoint failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
