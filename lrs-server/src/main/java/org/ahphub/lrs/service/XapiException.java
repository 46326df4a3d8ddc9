package org.ahphub.lrs.service;

import java.util.List;
import org.ahphub.xapi.Violation;

/** Every way an xAPI request can fail, each mapped to one HTTP status in one place (the HTTP layer). */
public sealed abstract class XapiException extends RuntimeException {

  private XapiException(String message) {
    super(message, null, false, false);
  }

  /** 400: the request or a statement breaks an xAPI rule. */
  public static final class BadRequest extends XapiException {
    private final List<Violation> violations;

    public BadRequest(String message, List<Violation> violations) {
      super(message);
      this.violations = List.copyOf(violations);
    }

    public BadRequest(String rule, String path, String message) {
      this(message, List.of(new Violation(rule, path, message)));
    }

    public List<Violation> violations() {
      return violations;
    }
  }

  /** 403: authenticated, but the credential lacks the scope. */
  public static final class Forbidden extends XapiException {
    public Forbidden(String message) {
      super(message);
    }
  }

  /** 404. */
  public static final class NotFound extends XapiException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** 412: an If-Match / If-None-Match precondition does not hold. */
  public static final class PreconditionFailed extends XapiException {
    public PreconditionFailed(String message) {
      super(message);
    }
  }

  /** 413: the request body is larger than the LRS accepts. */
  public static final class TooLarge extends XapiException {
    public TooLarge(String message) {
      super(message);
    }
  }

  /** 409: a statement id already stored with different content, or a document overwritten blindly. */
  public static final class Conflict extends XapiException {
    public Conflict(String message) {
      super(message);
    }
  }
}
