package org.ahphub.lrs.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.ahphub.lrs.service.XapiException;

/**
 * Reads and writes {@code multipart/mixed} bodies (RFC 2046), the xAPI carrier for attachments. Reading
 * is linear in the body's length whatever the boundary and the number of parts: every search is a
 * Knuth-Morris-Pratt scan that never goes back, and a part's headers are looked for only up to the next
 * delimiter. A boundary is at most 70 characters (RFC 2046 5.1.1).
 */
final class MultipartMixed {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
  /** RFC 2046: a boundary is 1 to 70 characters. */
  static final int MAX_BOUNDARY = 70;

  /** One part: its headers (names lower-cased) and its content. */
  record Part(Map<String, String> headers, Buffer content) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private MultipartMixed() {}

  static boolean isMultipart(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed");
  }

  static String boundary(String contentType) {
    for (String parameter : contentType.split(";")) {
      String trimmed = parameter.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = trimmed.substring("boundary=".length()).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (value.length() > MAX_BOUNDARY) {
          throw bad("the multipart boundary is longer than " + MAX_BOUNDARY + " characters (RFC 2046)");
        }
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    throw bad("the multipart/mixed Content-Type has no boundary parameter");
  }

  static List<Part> parse(Buffer body, String contentType) {
    byte[] bytes = body.getBytes();
    byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
    Pattern first = new Pattern(delimiter);
    Pattern next = new Pattern(concat(CRLF, delimiter));
    Pattern headersEnd = new Pattern(HEADERS_END);
    int start = first.indexIn(bytes, 0, bytes.length);
    if (start < 0) {
      throw bad("the body does not contain the multipart boundary");
    }
    List<Part> parts = new ArrayList<>();
    int position = start + delimiter.length;
    while (true) {
      if (startsWith(bytes, position, new byte[] {'-', '-'})) {
        return parts; // close delimiter
      }
      position = skipLineEnd(bytes, position);
      int end = next.indexIn(bytes, position, bytes.length);
      if (end < 0) {
        throw bad("a multipart part is not terminated by the boundary");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      int contentStart;
      // Headers end before the delimiter, or share its CRLF (a part with headers and no content).
      int headersEndAt = startsWith(bytes, position, CRLF) ? -1
          : headersEnd.indexIn(bytes, position, end + CRLF.length);
      if (startsWith(bytes, position, CRLF)) {
        contentStart = position + 2; // no headers
      } else if (headersEndAt >= 0) {
        String headerText = new String(bytes, position, headersEndAt - position, StandardCharsets.ISO_8859_1);
        for (String line : headerText.split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
          }
        }
        contentStart = Math.min(headersEndAt + 4, end);
      } else {
        throw bad("a multipart part has malformed headers");
      }
      parts.add(new Part(headers, Buffer.buffer(java.util.Arrays.copyOfRange(bytes, contentStart, end))));
      position = end + CRLF.length + delimiter.length;
    }
  }

  static String newBoundary() {
    return "xapi-" + UUID.randomUUID();
  }

  static Buffer write(String boundary, List<Part> parts) {
    Buffer out = Buffer.buffer();
    for (Part part : parts) {
      out.appendString("--" + boundary + "\r\n");
      part.headers().forEach((name, value) -> out.appendString(name + ": " + value + "\r\n"));
      out.appendString("\r\n").appendBuffer(part.content()).appendString("\r\n");
    }
    return out.appendString("--" + boundary + "--\r\n");
  }

  private static int skipLineEnd(byte[] bytes, int position) {
    int p = position;
    while (p < bytes.length && (bytes[p] == ' ' || bytes[p] == '\t')) {
      p++;
    }
    if (startsWith(bytes, p, CRLF)) {
      return p + 2;
    }
    throw bad("a multipart boundary line is malformed");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    if (offset + prefix.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A byte pattern with its Knuth-Morris-Pratt failure table: a search reads each byte once. */
  private static final class Pattern {
    private final byte[] pattern;
    private final int[] failure;

    Pattern(byte[] pattern) {
      this.pattern = pattern;
      this.failure = new int[pattern.length];
      for (int i = 1, k = 0; i < pattern.length; i++) {
        while (k > 0 && pattern[i] != pattern[k]) {
          k = failure[k - 1];
        }
        if (pattern[i] == pattern[k]) {
          k++;
        }
        failure[i] = k;
      }
    }

    /** The first index in [from, to) at which the whole pattern starts and ends before {@code to}; -1 if none. */
    int indexIn(byte[] bytes, int from, int to) {
      for (int i = Math.max(from, 0), k = 0; i < to; i++) {
        while (k > 0 && bytes[i] != pattern[k]) {
          k = failure[k - 1];
        }
        if (bytes[i] == pattern[k]) {
          k++;
        }
        if (k == pattern.length) {
          return i - pattern.length + 1;
        }
      }
      return -1;
    }
  }

  private static XapiException.BadRequest bad(String message) {
    return new XapiException.BadRequest("multipart.format", "body", message);
  }
}
