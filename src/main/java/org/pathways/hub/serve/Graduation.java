package org.pathways.hub.serve;

import java.util.Optional;
import org.pathways.hub.district.District;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Graduation progress of a district's students, computed from the live data: the final grades'
 * credits earned, each course placed by the live crosswalk (subject area, state course code),
 * against the plan that applies to the student. Reads only; nothing here logs, as it is all student
 * data.
 */
@Component
public class Graduation {

  private final JdbcClient jdbc;
  private final GraduationPlans plans;

  public Graduation(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.plans = GraduationPlans.standard();
  }

  /** The plans in use. */
  public GraduationPlans plans() {
    return plans;
  }

  /** A student of the students file, active or not, as the progress page names them. */
  public record Student(
      String studentId,
      String firstName,
      String lastName,
      String gradeLevel,
      String campusId,
      String enrollmentStatus,
      boolean live) {}

  /** The student as the live students data has them, or empty when the district has no such id. */
  public Optional<Student> student(String district, String studentId) {
    return jdbc.sql(
            "select student_id, first_name, last_name, grade_level, campus_id, enrollment_status,"
                + " live from students where district = ? and student_id = ?")
        .params(district, studentId)
        .query(
            (rs, n) ->
                new Student(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getBoolean(7)))
        .optional();
  }

  /** The student's progress, or empty when the district has no student with this id. */
  public Optional<GraduationProgress> progress(District district, String studentId) {
    record Head(String plan, Integer year) {}
    Optional<Head> head =
        jdbc.sql(
                "select graduation_plan, graduation_year from students"
                    + " where district = ? and student_id = ?")
            .params(district.code(), studentId)
            .query((rs, n) -> new Head(rs.getString(1), (Integer) rs.getObject(2)))
            .optional();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    // Credits earned per course (and per state course code, which a grade may override), summed
    // in the database; only final grades have earned their credit.
    var earned =
        jdbc.sql(
                "select g.local_course_id, max(coalesce(c.course_name, g.course_name)),"
                    + " bool_or(c.local_course_id is not null), max(c.subject_area),"
                    + " coalesce(nullif(g.state_course_code, ''), max(c.state_course_code)),"
                    + " coalesce(sum(g.credits_earned), 0)"
                    + " from grades g left join course_crosswalk c on c.district = g.district"
                    + " and c.local_course_id = g.local_course_id and c.live"
                    + " where g.district = ? and g.student_id = ? and g.grade_status = 'FINAL'"
                    + " group by g.local_course_id, nullif(g.state_course_code, '')"
                    + " order by g.local_course_id")
            .params(district.code(), studentId)
            .query(
                (rs, n) ->
                    new GraduationProgress.CourseCredit(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBigDecimal(6)))
            .list();
    Head h = head.get();
    return Optional.of(
        GraduationProgress.compute(
            studentId,
            h.plan(),
            h.year(),
            plans.assign(district.state(), h.plan(), h.year()),
            earned));
  }
}
