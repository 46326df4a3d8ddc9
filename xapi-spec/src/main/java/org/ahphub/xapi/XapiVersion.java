package org.ahphub.xapi;

import java.util.Optional;
import java.util.regex.Pattern;

/** The xAPI versions this hub speaks, negotiated by the {@code X-Experience-API-Version} header. */
public enum XapiVersion {
  V1_0_3("1.0.3"),
  V2_0_0("2.0.0");

  public static final String HEADER = "X-Experience-API-Version";

  // The spec asks an LRS to accept any 1.0.x patch version as 1.0.3 (and plain "1.0").
  private static final Pattern ONE_ZERO = Pattern.compile("1\\.0(\\.\\d+)?");
  private static final Pattern TWO_ZERO = Pattern.compile("2\\.0(\\.0)?");

  private final String label;

  XapiVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The version a request header asks for, or empty when the LRS does not support it. */
  public static Optional<XapiVersion> fromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.trim();
    if (ONE_ZERO.matcher(value).matches()) {
      return Optional.of(V1_0_3);
    }
    if (TWO_ZERO.matcher(value).matches()) {
      return Optional.of(V2_0_0);
    }
    return Optional.empty();
  }

  /** Whether a statement's own {@code version} property is acceptable under this version. */
  public boolean acceptsStatementVersion(String statementVersion) {
    return switch (this) {
      case V1_0_3 -> ONE_ZERO.matcher(statementVersion).matches();
      case V2_0_0 -> statementVersion.matches("2\\.0(\\.\\d+)?") || ONE_ZERO.matcher(statementVersion).matches();
    };
  }
}
