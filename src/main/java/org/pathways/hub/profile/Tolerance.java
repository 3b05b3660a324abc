package org.pathways.hub.profile;

/** What a row-level error does to the file it is in. */
public enum Tolerance {
  /** Any error rejects the whole file; the previous snapshot stays live. The default. */
  REJECT_FILE,
  /**
   * A row with an error is left out; the record it names keeps its previous values, so a skipped
   * row never deactivates anything.
   */
  SKIP_ROWS
}
