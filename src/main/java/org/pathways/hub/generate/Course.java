package org.pathways.hub.generate;

/**
 * One course of a generated district's catalog.
 *
 * @param key the generator's own name for the course, the same in every state (such as {@code
 *     ALG1}), so one course-selection model serves both states
 * @param credits the credit one term earns, as the files write it ({@code 0} for middle-school
 *     courses, which earn no high-school credit)
 * @param teacherGroup the group of teachers that teaches it, 0 to {@link #TEACHER_GROUPS} - 1
 * @param gradeMin {@code gradeLow} as a number
 * @param gradeMax {@code gradeHigh} as a number
 */
record Course(
    String key,
    String localId,
    String name,
    String stateCode,
    String subject,
    String level,
    String gradeLow,
    String gradeHigh,
    int terms,
    String endorsement,
    String credits,
    int teacherGroup,
    int gradeMin,
    int gradeMax) {

  static final int TEACHER_GROUPS = 9;

  Course(
      String key,
      String localId,
      String name,
      String stateCode,
      String subject,
      String level,
      String gradeLow,
      String gradeHigh,
      int terms,
      String endorsement,
      String credits) {
    this(
        key,
        localId,
        name,
        stateCode,
        subject,
        level,
        gradeLow,
        gradeHigh,
        terms,
        endorsement,
        credits,
        groupOf(subject),
        Integer.parseInt(gradeLow),
        Integer.parseInt(gradeHigh));
  }

  boolean highSchoolCredit() {
    return !"0".equals(credits);
  }

  /** The grade points a passed term of this course adds in a weighted GPA. */
  double weight() {
    return switch (level) {
      case "AP", "IB", "DC" -> 1.0;
      case "PREAP", "HON" -> 0.5;
      default -> 0.0;
    };
  }

  /**
   * The numeric grade a student of given ability gets here on average: harder courses grade lower.
   */
  int difficulty() {
    return switch (level) {
      case "AP", "IB" -> 4;
      case "DC" -> 3;
      case "PREAP", "HON" -> 1;
      default -> 0;
    };
  }

  boolean offeredTo(int grade) {
    return grade >= gradeMin && grade <= gradeMax;
  }

  /** The group of teachers that teaches a subject, with the small subjects folded in. */
  private static int groupOf(String subject) {
    return switch (subject) {
      case "ENG" -> 0;
      case "MATH" -> 1;
      case "SCI" -> 2;
      case "SS" -> 3;
      case "LOTE" -> 4;
      case "PE", "HEALTH" -> 5;
      case "FA" -> 6;
      case "CTE", "CS" -> 7;
      default -> 8;
    };
  }
}
