package org.pathways.hub.load;

/**
 * What a staged file would change in the live snapshot.
 *
 * @param rows data rows staged (skipped rows not counted)
 * @param added records new to the snapshot
 * @param updated records whose values changed (or that come back after a deactivation)
 * @param unchanged records the same as live
 * @param deactivated records live in the file's scope and absent from it: deactivated or removed
 * @param activeBefore records live in the file's scope before the load
 */
public record Diff(
    long rows, long added, long updated, long unchanged, long deactivated, long activeBefore) {

  /** The share of live records that would go, in percent (0 when nothing was live). */
  public double deactivatedPercent() {
    return activeBefore == 0 ? 0 : 100.0 * deactivated / activeBefore;
  }
}
