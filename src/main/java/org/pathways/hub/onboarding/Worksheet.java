package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a district states its data should look like. Every expected value is optional: a blank one
 * is not compared, so a district can fill in the worksheet in several sittings.
 *
 * @param gpaType which GPA the named students' expected values are (for example {@code WEIGHTED})
 * @param teachers expected active teachers, or null
 * @param courses expected courses in the crosswalk, or null
 * @param enrollment expected active students per campus and grade level
 * @param students named students, at most {@link #MAX_NAMED_STUDENTS}
 */
public record Worksheet(
    String gpaType,
    Integer teachers,
    Integer courses,
    List<Enrollment> enrollment,
    List<NamedStudent> students) {

  public static final int MAX_NAMED_STUDENTS = 10;
  public static final String DEFAULT_GPA_TYPE = "WEIGHTED";
  public static final Worksheet EMPTY =
      new Worksheet(DEFAULT_GPA_TYPE, null, null, List.of(), List.of());

  public Worksheet {
    Objects.requireNonNull(gpaType, "gpaType");
    enrollment = List.copyOf(enrollment);
    students = List.copyOf(students);
    if (students.size() > MAX_NAMED_STUDENTS) {
      throw new IllegalArgumentException("At most " + MAX_NAMED_STUDENTS + " named students");
    }
    Set<String> seen = new HashSet<>();
    for (Enrollment e : enrollment) {
      if (!seen.add(e.campusId() + "|" + e.gradeLevel())) {
        throw new IllegalArgumentException("Campus and grade level stated twice");
      }
    }
    seen.clear();
    for (NamedStudent s : students) {
      if (!seen.add(s.studentId())) {
        throw new IllegalArgumentException("Named student stated twice");
      }
    }
  }

  /** Whether nothing at all is stated: such a worksheet has nothing to approve. */
  public boolean blank() {
    return teachers == null && courses == null && enrollment.isEmpty() && students.isEmpty();
  }

  /** Expected active students at one campus in one grade level (PK, KG, 01..12). */
  public record Enrollment(String campusId, String gradeLevel, int expected) {
    public Enrollment {
      Objects.requireNonNull(campusId, "campusId");
      Objects.requireNonNull(gradeLevel, "gradeLevel");
      if (expected < 0) {
        throw new IllegalArgumentException("A count is never negative");
      }
    }
  }

  /**
   * A student the district knows well, with what the hub should show for them. Decimals are kept
   * without trailing zeros, so 3.50 and 3.5 are the same statement.
   */
  public record NamedStudent(
      String studentId, String gradeLevel, BigDecimal creditsEarned, BigDecimal gpa) {
    public NamedStudent {
      Objects.requireNonNull(studentId, "studentId");
      creditsEarned = creditsEarned == null ? null : strip(creditsEarned);
      gpa = gpa == null ? null : strip(gpa);
    }

    private static BigDecimal strip(BigDecimal d) {
      BigDecimal s = d.stripTrailingZeros();
      return s.scale() < 0 ? s.setScale(0) : s;
    }
  }
}
