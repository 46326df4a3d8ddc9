package org.ahphub.hub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code docker-compose.yml} as Compose reads it: merge keys resolved, {@code ${VAR:-default}}
 * and {@code ${VAR:?message}} interpolated (a required variable takes a sample value an operator could give).
 */
final class ComposeFile {

  /** What an operator exports before {@code docker compose up} (see the file's opening comment). */
  static final Map<String, String> OPERATOR_VALUES = Map.of(
      "PGPASSWORD", "db-password",
      "HUB_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]),
      "HUB_PUBLIC_URL", "https://passports.example.org");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
  private static final Pattern HTTP_CHECK = Pattern.compile("http://localhost:(\\d+)(/[^\\s\"']*)");

  private final Map<String, Object> document;

  private ComposeFile(Map<String, Object> document) {
    this.document = document;
  }

  static Path repositoryFile(String name) {
    for (Path candidate : List.of(Path.of("..", name), Path.of(name))) {
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(name + " not found from " + Path.of("").toAbsolutePath());
  }

  @SuppressWarnings("unchecked")
  static ComposeFile read() {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Map<String, Object> document = new Yaml(options).load(Files.readString(repositoryFile("docker-compose.yml")));
      return new ComposeFile(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) document.get("services");
  }

  Map<String, Object> service(String name) {
    return services().get(name);
  }

  /** The service's environment as written in the file, before interpolation. */
  @SuppressWarnings("unchecked")
  Map<String, String> rawEnvironment(String service) {
    Object environment = service(service).get("environment");
    Map<String, String> raw = new LinkedHashMap<>();
    if (environment != null) {
      ((Map<String, Object>) environment).forEach((name, value) -> raw.put(name, String.valueOf(value)));
    }
    return raw;
  }

  /** The service's environment as its process sees it, when the operator set only the required variables. */
  Map<String, String> environment(String service) {
    return environment(service, Map.of());
  }

  /** The service's environment as its process sees it when the operator also set {@code optional} ones. */
  Map<String, String> environment(String service, Map<String, String> optional) {
    Map<String, String> resolved = new LinkedHashMap<>();
    rawEnvironment(service).forEach((name, value) -> resolved.put(name, interpolate(value, optional)));
    return resolved;
  }

  @SuppressWarnings("unchecked")
  List<String> command(String service) {
    Object command = service(service).get("command");
    return command == null ? List.of() : ((List<Object>) command).stream().map(String::valueOf).toList();
  }

  /** The main class a hub service runs ({@code java -cp jar <class>}), if it runs one. */
  Optional<String> mainClass(String service) {
    List<String> command = command(service);
    int cp = command.indexOf("-cp");
    return cp >= 0 && command.size() > cp + 2 ? Optional.of(command.get(cp + 2)) : Optional.empty();
  }

  /** Services built from this repository's image. */
  List<String> hubServices() {
    List<String> names = new ArrayList<>();
    services().forEach((name, definition) -> {
      if (definition.containsKey("build")) {
        names.add(name);
      }
    });
    return names;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> healthcheck(String service) {
    return (Map<String, Object>) service(service).get("healthcheck");
  }

  /** The health check's command line as one string. */
  @SuppressWarnings("unchecked")
  String healthcheckCommand(String service) {
    Map<String, Object> check = healthcheck(service);
    if (check == null) {
      return "";
    }
    Object test = check.get("test");
    return test instanceof List<?> list ? String.join(" ", (List<String>) list) : String.valueOf(test);
  }

  /** Port and path of an HTTP health check on localhost, or empty. */
  Optional<Map.Entry<Integer, String>> httpHealthcheck(String service) {
    Matcher matcher = HTTP_CHECK.matcher(healthcheckCommand(service));
    return matcher.find() ? Optional.of(Map.entry(Integer.parseInt(matcher.group(1)), matcher.group(2)))
        : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  List<String> list(String service, String key) {
    Object value = service(service).get(key);
    return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
  }

  static String interpolate(String value, Map<String, String> optional) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String operator = matcher.group(2);
      String argument = matcher.group(3);
      String replacement;
      if (operator == null || operator.endsWith("?")) {
        replacement = OPERATOR_VALUES.getOrDefault(name, "set-by-operator");
      } else {
        replacement = optional.getOrDefault(name, argument);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
