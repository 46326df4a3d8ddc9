package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ahphub.embedded.ScratchDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The launcher's development mode against the real embedded hub: what it listens on, the development
 * credential across restarts, and uploads with made-up credentials.
 */
class DevelopmentModeIT {

  private final ScratchDirectory data = ScratchDirectory.create("hub-dev-mode-");
  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);

  @AfterEach
  void close() {
    vertx.close().await();
    data.close();
  }

  private Hub start(String devCredential) {
    Map<String, String> env = new HashMap<>(Map.of(
        "HUB_DATA_DIR", data.path().toString(),
        "HUB_POSTGRES_PORT", "0",
        "HUB_KAFKA_PORT", "0",
        "HUB_KAFKA_CONTROLLER_PORT", "0",
        "LRS_HTTP_PORT", "0",
        "MAPPER_HTTP_PORT", "0",
        "CONNECTORS_HTTP_PORT", "0"));
    env.put("HUB_DEV_CREDENTIAL", devCredential);
    return Hub.start(HubConfig.fromEnv(env));
  }

  /** The LRS's answer to a statements query with these credentials: 200 when they work, 401 when not. */
  private int lrsStatus(Hub hub, String key, String secret) {
    return http.get(hub.lrsPort(), "127.0.0.1", "/xapi/statements").addQueryParam("limit", "1")
        .putHeader("X-Experience-API-Version", "1.0.3")
        .basicAuthentication(key, secret).send().await().statusCode();
  }

  @Test
  @DisplayName("changing HUB_DEV_CREDENTIAL on the same data directory replaces the old credential: the old secret and the old key stop working")
  void changingTheDevelopmentCredentialReplacesIt() {
    Hub first = start("dev-it:secret-1");
    try {
      assertThat(lrsStatus(first, "dev-it", "secret-1")).isEqualTo(200);
    } finally {
      first.close();
    }

    Hub second = start("dev-it:secret-2");
    try {
      assertThat(lrsStatus(second, "dev-it", "secret-1")).as("the old secret").isEqualTo(401);
      assertThat(lrsStatus(second, "dev-it", "secret-2")).isEqualTo(200);
    } finally {
      second.close();
    }

    Hub third = start("other-it:secret-3");
    try {
      assertThat(lrsStatus(third, "dev-it", "secret-2")).as("the old key").isEqualTo(401);
      assertThat(lrsStatus(third, "other-it", "secret-3")).isEqualTo(200);
    } finally {
      third.close();
    }
  }

  @Test
  @DisplayName("in development mode the upload endpoint listens on loopback only; a made-up Basic header gets 401 and queues nothing")
  void loopbackOnlyAndUploadsAreAuthenticated() throws Exception {
    Hub hub = start("dev-it:secret-1");
    try {
      Optional<InetAddress> external = nonLoopbackAddress();
      assertThat(external).as("this machine has a non-loopback address to try").isPresent();
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(external.get(), hub.importsPort()), 2_000);
        }
      }).as("imports on %s", external.get()).isInstanceOf(java.io.IOException.class);

      var madeUp = http.post(hub.importsPort(), "127.0.0.1", "/imports/elfh")
          .putHeader("Content-Type", "text/csv")
          .basicAuthentication("dev-it", "made-up")
          .sendBuffer(Buffer.buffer("a,b\n")).await();
      assertThat(madeUp.statusCode()).isEqualTo(401);
      var unknown = http.post(hub.importsPort(), "127.0.0.1", "/imports/elfh")
          .putHeader("Content-Type", "text/csv")
          .basicAuthentication("nobody", "made-up")
          .sendBuffer(Buffer.buffer("a,b\n")).await();
      assertThat(unknown.statusCode()).isEqualTo(401);
      assertThat(lrsStatus(hub, "dev-it", "secret-1")).isEqualTo(200);
    } finally {
      hub.close();
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
