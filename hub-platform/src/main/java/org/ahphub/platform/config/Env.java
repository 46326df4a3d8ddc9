package org.ahphub.platform.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads of environment variables with documented defaults; a malformed value fails start-up.
 *
 * <p>A secret ({@link #secret}) may instead be given as the path of a file holding it, in {@code <NAME>_FILE}
 * (Docker and Kubernetes secrets are mounted as files): {@code PGPASSWORD_FILE=/run/secrets/pgpassword}. The
 * file's content is the value, without a trailing line break. Setting both {@code <NAME>} and
 * {@code <NAME>_FILE} is an error, never a silent choice.
 */
public final class Env {

  /** The suffix of a variable naming the file that holds a secret. */
  public static final String FILE_SUFFIX = "_FILE";

  private final Map<String, String> variables;

  private Env(Map<String, String> variables) {
    this.variables = variables;
  }

  public static Env of(Map<String, String> variables) {
    return new Env(variables);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public String string(String name, String defaultValue) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  /**
   * A secret: the value of {@code name}, or the content of the file named by {@code name_FILE}, or
   * {@code defaultValue} when neither is set. Both set, or a file that cannot be read, fails start-up.
   */
  public String secret(String name, String defaultValue) {
    String direct = variables.get(name);
    String file = variables.get(name + FILE_SUFFIX);
    boolean hasDirect = direct != null && !direct.isBlank();
    boolean hasFile = file != null && !file.isBlank();
    if (hasDirect && hasFile) {
      throw new IllegalArgumentException(name + " and " + name + FILE_SUFFIX + " are both set: give the secret once,"
          + " either in " + name + " or in the file named by " + name + FILE_SUFFIX);
    }
    if (!hasFile) {
      return hasDirect ? direct.trim() : defaultValue;
    }
    Path path = Path.of(file.trim());
    String content;
    try {
      content = Files.readString(path);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(name + FILE_SUFFIX + " names " + path + ", which cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    // A file written by echo or an editor ends with a line break, which is not part of the secret.
    String value = content.replaceAll("(\\r?\\n)+$", "");
    return value.isBlank() ? defaultValue : value;
  }

  /** Whether {@code name} is set (not blank), directly or, for a secret, through {@code name_FILE}. */
  public boolean isSet(String name) {
    String direct = variables.get(name);
    String file = variables.get(name + FILE_SUFFIX);
    return (direct != null && !direct.isBlank()) || (file != null && !file.isBlank());
  }

  /** Every variable whose name starts with {@code prefix} and whose value is not blank, by name. */
  public Map<String, String> startingWith(String prefix) {
    Map<String, String> found = new TreeMap<>();
    variables.forEach((name, value) -> {
      if (name.startsWith(prefix) && value != null && !value.isBlank()) {
        found.put(name, value);
      }
    });
    return found;
  }

  public int integer(String name, int defaultValue) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase()) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  /** A duration in ISO 8601 (PT5S) or as whole milliseconds. */
  public Duration duration(String name, Duration defaultValue) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    String text = value.trim();
    try {
      return text.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(text)) : Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration such as PT5S or 5000, got '" + value + "'");
    }
  }
}
