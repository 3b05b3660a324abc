package org.pathways.hub.onboarding;

/**
 * One line of the comparison, as the page shows it.
 *
 * @param key stable identity of the line, which a waiver names
 * @param section which part of the worksheet it comes from
 * @param label what is compared, in words
 * @param expected what the district stated
 * @param actual what the live data holds
 * @param difference actual minus expected, signed; empty when not a number
 * @param tolerance how far apart the two may be and still match
 * @param verdict match, mismatch or waived
 * @param waiver the waiver, when the line is waived; null otherwise
 */
public record Line(
    String key,
    Section section,
    String label,
    String expected,
    String actual,
    String difference,
    String tolerance,
    Verdict verdict,
    Waiver waiver) {

  /** The parts of the worksheet, in the order the page lists them. */
  public enum Section {
    STUDENTS("Students per campus and grade"),
    TEACHERS("Teachers"),
    COURSES("Courses"),
    NAMED_STUDENTS("Named students");

    private final String title;

    Section(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }
  }

  public boolean resolved() {
    return verdict != Verdict.MISMATCH;
  }
}
