package org.ahphub.platform.log;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The logging variables the services' logback configuration reads: {@code LOG_FORMAT} ({@code text}, the
 * default, or {@code json}: one JSON object per line) and {@code LOG_LEVEL} (INFO; TRACE, DEBUG, INFO, WARN,
 * ERROR or OFF) for the hub's own loggers and the root. Logback reads them itself when it starts; this check
 * lets a service refuse a value logback would silently ignore (a format it does not know logs nothing).
 */
public final class LogSettings {

  static final Set<String> FORMATS = Set.of("text", "json");
  static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LogSettings() {}

  /** The problem with the logging variables, or null when they are fine. */
  public static String problem(Map<String, String> env) {
    String format = env.get("LOG_FORMAT");
    if (format != null && !format.isBlank() && !FORMATS.contains(format.trim())) {
      return "LOG_FORMAT must be text or json (lower case), got '" + LogText.of(format) + "'";
    }
    String level = env.get("LOG_LEVEL");
    if (level != null && !level.isBlank() && !LEVELS.contains(level.trim().toUpperCase(Locale.ROOT))) {
      return "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + LogText.of(level) + "'";
    }
    return null;
  }

  /** Throws {@link IllegalArgumentException} naming the problem, if any. */
  public static void require(Map<String, String> env) {
    String problem = problem(env);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
