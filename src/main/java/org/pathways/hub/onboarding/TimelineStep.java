package org.pathways.hub.onboarding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One step of a district's timeline as it stands today.
 *
 * @param due the last day it is due, or null while the dates it hangs on are not set
 * @param doneAt when it was done (seen by the hub or marked), or null
 * @param doneBy who says it is done: {@link #HUB} when the hub saw it, else the engineer's email
 * @param note the engineer's note when marked, else null
 * @param detail what the hub sees of it, in a sentence
 */
public record TimelineStep(
    Step step,
    LocalDate due,
    Status status,
    Instant doneAt,
    String doneBy,
    String note,
    String detail) {

  /** Who {@link #doneBy} names when the hub itself saw the step done. */
  public static final String HUB = "hub";

  public TimelineStep {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether an engineer marked it (and can undo the mark). */
  public boolean marked() {
    return note != null;
  }

  /** Where a step stands; each has words, so no page shows it by colour alone. */
  public enum Status {
    DONE("Done"),
    OVERDUE("Past due"),
    OPEN("To do"),
    NOT_APPLICABLE("Not needed");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether the step still needs doing. */
    public boolean pending() {
      return this == OVERDUE || this == OPEN;
    }
  }
}
