package org.pathways.hub.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small valid Standard Layout files of a Texas district, to which a test adds its one flaw. */
public final class Sample {
  private Sample() {}

  public static final String STUDENT_HEADER =
      "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id|enrollment_status|graduation_plan";

  /** {@code n} students, ids 1001.., all active at campus 255901001. */
  public static List<String> studentRows(int n) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          String.format(
              Locale.ROOT,
              "%d|%010d|First%d|Last%d|2009-0%d-1%d|%02d|255901001|A|FHSP",
              1001 + i,
              6000000000L + i,
              i,
              i,
              1 + i % 9,
              i % 10,
              9 + i % 4));
    }
    return rows;
  }

  public static String students(int n) {
    return STUDENT_HEADER + "\n" + String.join("\n", studentRows(n)) + "\n";
  }

  public static final String COURSES =
      "local_course_id|course_name|state_course_code|credits|subject_area\n"
          + "ENG1|English I|03220100|0.5|ENG\n"
          + "ALG1|Algebra I|03100500|0.5|MATH\n"
          + "BIO|Biology|03010200|0.5|SCI\n";

  public static final String GRADE_HEADER =
      "student_id|school_year|term|local_course_id|campus_id|letter_grade|numeric_grade|credits_attempted|credits_earned|grade_status";

  public static String grades(String... rows) {
    return GRADE_HEADER + "\n" + String.join("\n", rows) + "\n";
  }
}
