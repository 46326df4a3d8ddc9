package org.ahphub.platform.http;

/** A refusal that is already a whole {@link Problem} (a documented type, extensions); see {@link ApiError}. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
