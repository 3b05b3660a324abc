package org.pathways.hub.onboarding;

/** How one worksheet line compares with the live data. */
public enum Verdict {
  /** Within the tolerance. */
  MATCH,
  /** Outside the tolerance, and nobody has accepted that. */
  MISMATCH,
  /** Outside the tolerance, accepted by an engineer with a reason. */
  WAIVED
}
