package org.ahphub.platform.log;

/**
 * Text from a request made safe for one log line: control characters (a newline would start a forged
 * line) are written as escapes, and the text is cut to a length. Use it for every value a caller chose.
 */
public final class LogText {

  private static final int MAX = 200;

  private LogText() {}

  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (safe.length() >= MAX) {
        return safe.append("…(").append(text.length()).append(" characters)").toString();
      }
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> safe.append("\\n");
        case '\r' -> safe.append("\\r");
        case '\t' -> safe.append("\\t");
        case '\\' -> safe.append("\\\\");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            safe.append(String.format("\\u%04x", (int) c));
          } else {
            safe.append(c);
          }
        }
      }
    }
    return safe.toString();
  }
}
