package org.pathways.hub.onboarding;

/**
 * Where a district's onboarding stands, in one line, for lists of districts.
 *
 * @param current the first step still to do, or null when onboarding is complete
 * @param overdue whether any step is past due
 * @param scheduled whether a kick-off date is set
 */
public record OnboardingStage(Step current, boolean overdue, boolean scheduled) {

  public boolean complete() {
    return current == null;
  }

  /** Such as "First files (past due)", "Complete" or "Not scheduled". */
  public String label() {
    if (current == null) {
      return "Complete";
    }
    if (!scheduled && !overdue) {
      return "Not scheduled: " + current.title();
    }
    return current.title() + (overdue ? " (past due)" : "");
  }
}
