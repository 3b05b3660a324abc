package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What the live snapshot says about the things a worksheet states, read once per comparison.
 *
 * @param enrollment active students per {@code campus|grade}
 * @param teachers active teachers
 * @param courses active courses in the crosswalk
 * @param students the named students that are active in the live data, by student id
 */
record LiveFacts(
    Map<String, Long> enrollment, long teachers, long courses, Map<String, Student> students) {

  LiveFacts {
    enrollment = Map.copyOf(enrollment);
    students = Map.copyOf(students);
  }

  /** A named student as the live data has them; {@code gpa} is null when no GPA of the type. */
  record Student(String gradeLevel, BigDecimal creditsEarned, BigDecimal gpa) {}

  static String group(String campusId, String gradeLevel) {
    return campusId + "|" + gradeLevel;
  }
}
