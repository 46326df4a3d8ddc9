package org.ahphub.connectors.xapi;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** IRI helpers: absolute-IRI checks and encoding a source code as one path segment. */
public final class Iris {

  private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");

  private Iris() {}

  public static boolean isAbsoluteHttp(String iri) {
    return iri != null && ABSOLUTE.matcher(iri).matches()
        && (iri.startsWith("http://") || iri.startsWith("https://"));
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  public static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The base with exactly one trailing slash. */
  public static String base(String base) {
    return base.endsWith("/") ? base : base + "/";
  }
}
