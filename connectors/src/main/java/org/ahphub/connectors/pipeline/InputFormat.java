package org.ahphub.connectors.pipeline;

import java.util.Locale;

/** CSV or JSON: by the file name's extension, else by the first non-blank character. */
public enum InputFormat {
  CSV,
  JSON;

  public static InputFormat detect(String name, byte[] head) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return JSON;
    }
    if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
      return CSV;
    }
    int i = 0;
    if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
      i = 3;
    }
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    return i < head.length && (head[i] == '[' || head[i] == '{') ? JSON : CSV;
  }

  public static InputFormat parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "csv" -> CSV;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("format must be csv or json, not '" + value + "'");
    };
  }
}
