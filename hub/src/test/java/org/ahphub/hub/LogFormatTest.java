package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The services' logback configuration (main resources' logback.xml) as LOG_FORMAT and LOG_LEVEL choose it. */
class LogFormatTest {

  @Test
  @DisplayName("LOG_FORMAT=json writes one JSON object per line with an ISO 8601 UTC timestamp, level, logger and message")
  void jsonLines() throws Exception {
    String out = logWith(Map.of("LOG_FORMAT", "json"), context -> {
      context.getLogger("org.ahphub.test").info("statement {} stored", "s-1");
      context.getLogger("org.ahphub.test").warn("quoted \"text\"\nand a second line");
    });
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(2);
    JsonObject first = new JsonObject(lines[0]);
    assertThat(first.getString("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    assertThat(first.getString("level")).isEqualTo("INFO");
    assertThat(first.getString("logger")).isEqualTo("org.ahphub.test");
    assertThat(first.getString("message")).isEqualTo("statement s-1 stored");
    assertThat(first.containsKey("traceId")).as("no request, no trace id").isFalse();
    assertThat(new JsonObject(lines[1]).getString("message")).isEqualTo("quoted \"text\"\nand a second line");
  }

  @Test
  @DisplayName("the default text format starts each line with an ISO 8601 UTC timestamp, the level and the request id")
  void textLines() throws Exception {
    String out = logWith(Map.of(), context -> context.getLogger("org.ahphub.test").info("hello"));
    assertThat(out).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  \\[-\\] org.ahphub.test - hello\n");
  }

  @Test
  @DisplayName("LOG_LEVEL sets the hub's level: WARN drops INFO lines, DEBUG shows debug lines")
  void level() throws Exception {
    String warn = logWith(Map.of("LOG_LEVEL", "WARN"), context -> {
      context.getLogger("org.ahphub.test").info("not shown");
      context.getLogger("org.ahphub.test").warn("shown");
    });
    assertThat(warn).doesNotContain("not shown").contains("shown");
    String debug = logWith(Map.of("LOG_LEVEL", "debug"), context -> context.getLogger("org.ahphub.test").debug("detail"));
    assertThat(debug).contains("DEBUG").contains("detail");
  }

  @Test
  @DisplayName("a LOG_FORMAT or LOG_LEVEL logback would ignore stops the hub with a clear message")
  void badSettings() {
    assertThat(org.ahphub.platform.log.LogSettings.problem(Map.of("LOG_FORMAT", "xml"))).contains("LOG_FORMAT");
    assertThat(org.ahphub.platform.log.LogSettings.problem(Map.of("LOG_LEVEL", "loud"))).contains("LOG_LEVEL");
    assertThat(org.ahphub.platform.log.LogSettings.problem(Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "warn"))).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("LOG_FORMAT", "JSONL")))
        .hasMessageContaining("LOG_FORMAT must be text or json");
  }

  private interface Logging {
    void run(LoggerContext context);
  }

  /** Configures a fresh logger context from logback.xml with {@code properties} as if from the environment. */
  private static String logWith(Map<String, String> properties, Logging logging) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      properties.forEach(context::putProperty);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      logging.run(context);
    } finally {
      context.stop();
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
