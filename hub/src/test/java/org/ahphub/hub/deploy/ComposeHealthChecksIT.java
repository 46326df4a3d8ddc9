package org.ahphub.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ahphub.hub.RunningHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each health check in docker-compose.yml asks a path the service really serves (here, on the launcher's services). */
class ComposeHealthChecksIT {

  private static RunningHub hub;

  @BeforeAll
  static void start() {
    hub = RunningHub.start("hub-compose-health-", Map.of());
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @DisplayName("the LRS, the mapper and the upload service answer their compose health check with 200")
  void healthChecksAnswer() {
    ComposeFile compose = ComposeFile.read();
    Map<String, Integer> ports = Map.of("org.ahphub.lrs.LrsMain", hub.lrsPort(),
        "org.ahphub.mapper.MapperMain", hub.mapperPort(),
        "org.ahphub.connectors.http.ImportServerMain", hub.importsPort());
    int checked = 0;
    for (String service : compose.hubServices()) {
      Integer port = ports.get(compose.mainClass(service).orElseThrow());
      if (port == null) {
        continue;
      }
      String path = compose.httpHealthcheck(service).orElseThrow().getValue();
      int status = hub.http().get(port, "127.0.0.1", path).send().await().statusCode();
      assertThat(status).as("%s: GET %s", service, path).isEqualTo(200);
      checked++;
    }
    assertThat(checked).isEqualTo(3);
  }
}
