package org.ahphub.lrs;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the LRS on its own against the PostgreSQL and Kafka named by the environment. */
public final class LrsMain {

  private static final Logger LOG = LoggerFactory.getLogger(LrsMain.class);

  private LrsMain() {}

  public static void main(String[] args) {
    LrsConfig config = LrsConfig.fromEnv(System.getenv());
    boolean devMode = org.ahphub.platform.config.Env.of(System.getenv()).bool("HUB_DEV_MODE", false);
    if (!devMode && config.keyEncryptionKey() == null) {
      LOG.error("refusing to start outside development mode: HUB_KEY_ENCRYPTION_KEY is not set (base64 of 32 random "
          + "bytes, e.g. `openssl rand -base64 32`; the same for every service of the hub). It seals each learner's "
          + "key for the statements published to Kafka. (For a local trial only, set HUB_DEV_MODE=true.)");
      System.exit(1);
    }
    Vertx vertx = Vertx.vertx();
    LrsServer.start(vertx, config)
        .onSuccess(server -> Runtime.getRuntime().addShutdownHook(new Thread(() ->
            server.stop().eventually(vertx::close).await())))
        .onFailure(e -> {
          LOG.error("LRS failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
