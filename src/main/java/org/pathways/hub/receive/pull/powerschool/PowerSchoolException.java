package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.util.Objects;

/**
 * A request to a district's PowerSchool that failed for good (after its retries), with a message a
 * district IT person can act on: it names the server, the query and what to change.
 */
public final class PowerSchoolException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Problem problem;

  PowerSchoolException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  PowerSchoolException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public Problem problem() {
    return problem;
  }
}
