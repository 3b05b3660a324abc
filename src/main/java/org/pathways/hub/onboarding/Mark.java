package org.pathways.hub.onboarding;

import java.time.Instant;
import java.util.Objects;

/** An engineer's statement that a step is done, with why they know. */
public record Mark(Step step, Instant at, String by, String note) {

  public Mark {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(note, "note");
  }
}
