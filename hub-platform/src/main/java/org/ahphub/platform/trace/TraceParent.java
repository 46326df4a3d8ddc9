package org.ahphub.platform.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}).
 * The trace id is the hub's request id: taken from the caller's header or made here, carried through the
 * statement row, the Kafka record headers and the webhook request. Each hop sends a {@link #child} (same
 * trace id, new parent id).
 */
public record TraceParent(String traceId, String parentId, String flags) {

  /** The HTTP and Kafka header name. */
  public static final String HEADER = "traceparent";

  private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  /** A valid header value, or empty (then a new trace starts): version ff and all-zero ids are invalid. */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    var m = FORMAT.matcher(header.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
        || m.group(2).chars().allMatch(c -> c == '0') || m.group(3).chars().allMatch(c -> c == '0')) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(m.group(2), m.group(3), m.group(4)));
  }

  /** A new trace, sampled. */
  public static TraceParent newTrace() {
    return new TraceParent(randomHex(16), randomHex(8), "01");
  }

  /** The same trace, a new parent id: what this hop sends on. */
  public TraceParent child() {
    return new TraceParent(traceId, randomHex(8), flags);
  }

  public String header() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HEX.formatHex(random);
  }

  @Override
  public String toString() {
    return header();
  }
}
