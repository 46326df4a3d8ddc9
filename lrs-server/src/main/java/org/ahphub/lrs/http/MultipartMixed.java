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

/** Reads and writes {@code multipart/mixed} bodies (RFC 2046), the xAPI carrier for attachments. */
final class MultipartMixed {

  private static final byte[] CRLF = {'\r', '\n'};

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
    int start = indexOf(bytes, delimiter, 0);
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
      int headersEnd = indexOf(bytes, new byte[] {'\r', '\n', '\r', '\n'}, position);
      int next = indexOf(bytes, concat(CRLF, delimiter), position);
      if (next < 0) {
        throw bad("a multipart part is not terminated by the boundary");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      int contentStart;
      if (startsWith(bytes, position, CRLF)) {
        contentStart = position + 2; // no headers
      } else if (headersEnd >= 0 && headersEnd < next) {
        String headerText = new String(bytes, position, headersEnd - position, StandardCharsets.ISO_8859_1);
        for (String line : headerText.split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
          }
        }
        contentStart = headersEnd + 4;
      } else {
        throw bad("a multipart part has malformed headers");
      }
      parts.add(new Part(headers, Buffer.buffer(java.util.Arrays.copyOfRange(bytes, contentStart, next))));
      position = next + CRLF.length + delimiter.length;
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

  private static int indexOf(byte[] bytes, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= bytes.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static XapiException.BadRequest bad(String message) {
    return new XapiException.BadRequest("multipart.format", "body", message);
  }
}
