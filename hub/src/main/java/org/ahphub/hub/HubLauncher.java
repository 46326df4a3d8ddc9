package org.ahphub.hub;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar hub/target/ahp-hub.jar}: the whole hub on embedded defaults, until Ctrl-C. */
public final class HubLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(HubLauncher.class);

  private HubLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    HubConfig config = HubConfig.fromEnv(System.getenv());
    Hub hub;
    try {
      hub = Hub.start(config);
    } catch (RuntimeException e) {
      LOG.error("the hub did not start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the hub…");
      hub.close();
      stopped.countDown();
    }, "hub-shutdown"));
    String key = config.devCredential().split(":", 2)[0];
    String secret = config.devCredential().split(":", 2)[1];
    System.out.printf("""

        AHP skills-passport hub is ready in %.1f s
          xAPI LRS           http://localhost:%d/xapi/        (about: /xapi/about)
          Web page           http://localhost:%d/app/         (passports, sharing, verifier, framework)
          Passports          http://localhost:%d/passports/{personId}   (find one: /persons?agent=...)
          Framework          http://localhost:%d/framework    (CASE 1.1: /framework/case)
          Imports            http://localhost:%d/imports/{elfh|apprenticeship|local}   (upload a file)
          PostgreSQL         127.0.0.1:%d  database postgres, user postgres
          Kafka              %s   topics lrs.statements, passport.updates, passport.identities
          Data               %s
          Dev credential     %s / %s   (HTTP Basic; set HUB_DEV_CREDENTIAL to change)
        Press Ctrl-C to stop.
        %n""",
        (System.nanoTime() - started) / 1e9, hub.lrsPort(), hub.mapperPort(), hub.mapperPort(), hub.mapperPort(), hub.importsPort(), hub.postgresPort(),
        hub.kafkaBootstrapServers(), config.dataDirectory(), key, secret);
    stopped.await();
  }
}
