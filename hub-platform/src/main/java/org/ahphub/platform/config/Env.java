package org.ahphub.platform.config;

import java.time.Duration;
import java.util.Map;

/** Typed reads of environment variables with documented defaults; a malformed value fails start-up. */
public final class Env {

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
