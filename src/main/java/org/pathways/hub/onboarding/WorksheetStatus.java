package org.pathways.hub.onboarding;

import java.time.Instant;

/**
 * Where a district's worksheet stands, for other pages (the onboarding timeline marks "worksheet
 * submitted" and "approved for training" from it).
 *
 * @param updatedAt when the worksheet was last saved; null when never
 * @param updatedBy who saved it last
 * @param stated whether it states anything at all (a saved but empty worksheet is not submitted)
 * @param approvedAt when an engineer approved the district for training; null when not approved,
 *     including after a change withdrew the approval
 * @param approvedBy who approved
 * @param approvalNote what the engineer wrote with the approval
 */
public record WorksheetStatus(
    Instant updatedAt,
    String updatedBy,
    boolean stated,
    Instant approvedAt,
    String approvedBy,
    String approvalNote) {

  public static final WorksheetStatus NONE =
      new WorksheetStatus(null, null, false, null, null, null);

  /** The district has handed in a worksheet that states something. */
  public boolean submitted() {
    return updatedAt != null && stated;
  }

  public boolean approved() {
    return approvedAt != null;
  }
}
