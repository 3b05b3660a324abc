package org.pathways.hub.onboarding;

import java.time.Instant;
import java.util.Objects;

/**
 * An engineer's acceptance of one mismatching line.
 *
 * @param expected the expected value the waiver was given for; it applies to that value only
 */
public record Waiver(String expected, String reason, String by, Instant at) {
  public Waiver {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
