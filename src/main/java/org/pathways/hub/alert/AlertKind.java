package org.pathways.hub.alert;

/** What an alert says. */
public enum AlertKind {
  /** A night needs attention: the first night of a data set's trouble, or a late file. */
  NIGHT,
  /** The same data set has failed or been missing for several nights: the engineer is told too. */
  ESCALATION,
  /** Still failing some nights after the escalation: a reminder, not a nightly repeat. */
  REMINDER,
  /** A file missing at the deadline arrived after all. */
  LATE_ARRIVAL,
  /** A file being processed at the deadline ended held or rejected. */
  OUTCOME,
  /** An engineer's morning summary of every district. */
  DIGEST
}
