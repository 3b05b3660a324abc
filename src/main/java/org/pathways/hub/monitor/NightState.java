package org.pathways.hub.monitor;

/** How one expected data set of a district did on one night. */
public enum NightState {
  /** Received before the deadline and loaded (or the same file as before). */
  OK,
  /** Not received before the deadline, but received since (before noon). */
  LATE,
  /** Not received. */
  MISSING,
  /** Received and held for an engineer: the previous data stays live. */
  HELD,
  /** Received and rejected (or discarded): the previous data stays live. */
  FAILED,
  /** Received and still being processed. */
  PROCESSING,
  /** Inside a pause window (summer, rollover): nothing is expected, nothing alerts. */
  PAUSED;

  /** Whether somebody should look at it. */
  public boolean needsAttention() {
    return this == LATE || this == MISSING || this == HELD || this == FAILED;
  }
}
