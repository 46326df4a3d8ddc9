package org.ahphub.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.sharing.SharingConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile as an operator runs them, checked without a Docker engine: what each
 * service is given is what it reads, and nothing is left to a default an operator would not choose.
 */
class ComposeFileTest {

  /**
   * How each service's main class reads its environment: the same config records, on a map that notes every
   * variable asked for. (Kafka client properties are recognised by their rule instead: they are read by prefix.)
   */
  private static final Map<String, Consumer<Map<String, String>>> CONFIG_READERS = Map.of(
      "org.ahphub.lrs.LrsMain", LrsConfig::fromEnv,
      "org.ahphub.mapper.MapperMain", env -> {
        SharingConfig.requireSafe(env);
        MapperConfig.fromEnv(env);
      },
      "org.ahphub.connectors.http.ImportServerMain", env -> {
        ConnectorsConfig.fromEnv(env);
        DatabaseConfig.fromEnv(Env.of(env));
      },
      "org.ahphub.hub.MigrateMain", env -> DatabaseConfig.fromEnv(Env.of(env)));

  /** Read by the JVM itself rather than by a config record. */
  private static final Set<String> READ_BY_THE_RUNTIME = Set.of("JAVA_TOOL_OPTIONS");

  private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|CREDENTIAL|ENCRYPTION_KEY).*");
  private static final Pattern FROM_OPERATOR = Pattern.compile("\\$\\{[A-Z_]+(:\\?[^}]*|:-)}");

  /** Optional variables an operator may set, with values the services accept. */
  private static final Map<String, String> OPTIONAL_VALUES = Map.of(
      "OIDC_ISSUER", "https://login.example.org", "OIDC_CLIENT_ID", "ahp-hub", "OIDC_CLIENT_SECRET", "client-secret",
      "HUB_BOOTSTRAP_CREDENTIAL", "admin:operator-secret", "PGSSLMODE", "require");

  private final ComposeFile compose = ComposeFile.read();

  /** Notes the names asked for. */
  private static final class Recording extends HashMap<String, String> {
    final Set<String> asked = new TreeSet<>();

    Recording(Map<String, String> values) {
      super(values);
    }

    @Override
    public String get(Object key) {
      asked.add(String.valueOf(key));
      return super.get(key);
    }
  }

  @Test
  @DisplayName("every variable compose gives a hub service is one that service reads, and its value is accepted")
  void everyVariableIsRead() {
    assertThat(compose.hubServices()).contains("lrs-server", "competency-mapper", "connectors", "migrate");
    for (String service : compose.hubServices()) {
      String main = compose.mainClass(service).orElseThrow(() -> new AssertionError(service + " has no main class"));
      assertThat(CONFIG_READERS).as("how %s reads its configuration", main).containsKey(main);
      // Some variables are read only when others are set (OIDC_CLIENT_ID with OIDC_ISSUER): read twice, with only
      // the required variables set and with the optional ones too.
      Recording required = new Recording(compose.environment(service));
      Recording optional = new Recording(compose.environment(service, OPTIONAL_VALUES));

      CONFIG_READERS.get(main).accept(required);
      CONFIG_READERS.get(main).accept(optional);

      Set<String> unread = new TreeSet<>(required.keySet());
      unread.removeAll(required.asked);
      unread.removeAll(optional.asked);
      unread.removeIf(KafkaSettings::isClientPropertyVariable);
      unread.removeAll(READ_BY_THE_RUNTIME);
      assertThat(unread).as("variables %s sets that %s never reads", service, main).isEmpty();
    }
  }

  @Test
  @DisplayName("no password, secret or credential has a value written in the file: each comes from the operator")
  void noDevelopmentCredential() {
    for (String service : compose.services().keySet()) {
      compose.rawEnvironment(service).forEach((name, value) -> {
        if (SECRET_NAME.matcher(name).matches()) {
          assertThat(value).as("%s of %s", name, service).matches(FROM_OPERATOR);
        }
      });
    }
  }

  @Test
  @DisplayName("every long-running service restarts on failure and has a health check; the one-shot migrate does not restart")
  void restartsAndHealthChecks() {
    compose.services().forEach((name, definition) -> {
      if (name.equals("migrate")) {
        assertThat(definition.get("restart")).as(name).isEqualTo("no");
        return;
      }
      assertThat(definition.get("restart")).as("restart policy of %s", name).isIn("unless-stopped", "always");
      assertThat(compose.healthcheckCommand(name)).as("health check of %s", name).isNotBlank();
    });
  }

  @Test
  @DisplayName("each HTTP health check asks the port the service listens on, which compose publishes")
  void healthChecksAskTheServicePort() {
    Map<String, String> portVariables = Map.of("org.ahphub.lrs.LrsMain", "LRS_HTTP_PORT",
        "org.ahphub.mapper.MapperMain", "MAPPER_HTTP_PORT",
        "org.ahphub.connectors.http.ImportServerMain", "CONNECTORS_HTTP_PORT");
    for (String service : compose.hubServices()) {
      String main = compose.mainClass(service).orElseThrow();
      if (!portVariables.containsKey(main)) {
        continue;
      }
      var check = compose.httpHealthcheck(service).orElseThrow(() -> new AssertionError(service + ": no HTTP check"));
      String port = compose.environment(service).get(portVariables.get(main));
      assertThat(check.getKey()).as("%s health check port", service).isEqualTo(Integer.parseInt(port));
      assertThat(compose.list(service, "ports")).as("%s published ports", service).anyMatch(p -> p.endsWith(":" + port));
      assertThat(check.getValue()).as("%s health check path", service).startsWith("/health");
    }
  }

  @Test
  @DisplayName("Kafka keeps its data on the volume, and PostgreSQL its own")
  void dataOnVolumes() {
    String logDirs = compose.environment("kafka").get("KAFKA_LOG_DIRS");
    assertThat(logDirs).isNotBlank();
    assertThat(compose.list("kafka", "volumes")).anyMatch(volume -> volume.endsWith(":" + logDirs));
    assertThat(compose.list("postgres", "volumes")).anyMatch(volume -> volume.endsWith(":/var/lib/postgresql/data"));
  }

  @Test
  @DisplayName("every command names a main class that exists; the image's default command is a service, not the launcher")
  void commandsAndImage() throws Exception {
    for (String service : compose.hubServices()) {
      assertMain(compose.mainClass(service).orElseThrow());
    }
    String dockerfile = Files.readString(ComposeFile.repositoryFile("Dockerfile"));
    Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(dockerfile);
    assertThat(cmd.find()).as("a CMD in the Dockerfile").isTrue();
    assertThat(cmd.group(1)).doesNotContain("-jar").doesNotContain("HubLauncher");
    Matcher main = Pattern.compile("\"(org\\.ahphub\\.[\\w.]+)\"").matcher(cmd.group(1));
    assertThat(main.find()).as("the CMD names a main class").isTrue();
    assertThat(CONFIG_READERS).containsKey(main.group(1));
    assertMain(main.group(1));
  }

  private static void assertMain(String className) throws Exception {
    Method main = Class.forName(className).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).as(className + ".main is static").isTrue();
  }
}
