package org.pathways.hub.serve;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pathways.hub.district.District;
import org.pathways.hub.district.State;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a district's live data can drive a graduation path: the problems that leave credits
 * uncounted or a student without a plan, each counted in the database with a few example ids
 * (course and student ids, never names) and what the district's IT can do about it.
 *
 * <p>One check the issue asks for is left out on purpose: students whose credits earned disagree
 * with what their grades add up to. The Standard Layout's students and GPA data sets carry no
 * credits earned, so there is nothing to disagree with; the worksheet's named students compare the
 * district's own figure with the grades instead.
 */
@Component
public class GraduationReadiness {

  /** How many example ids a check shows. */
  public static final int EXAMPLES = 5;

  /** No class rule: a year no student is in. */
  private static final int NO_CLASS_RULE = 9999;

  private final JdbcClient jdbc;
  private final GraduationPlans plans;

  public GraduationReadiness(JdbcClient jdbc, Graduation graduation) {
    this.jdbc = jdbc;
    this.plans = graduation.plans();
  }

  /**
   * One check.
   *
   * @param id a stable name, for tests and the page's anchors
   * @param title what is counted, in words
   * @param count how many records have the problem
   * @param examples up to {@link #EXAMPLES} of them, by id
   * @param whatToDo what the district can do, in words its IT can act on
   */
  public record Check(String id, String title, long count, List<String> examples, String whatToDo) {
    public Check {
      Objects.requireNonNull(id, "id");
      examples = List.copyOf(examples);
    }

    public boolean ok() {
      return count == 0;
    }
  }

  /** Every check of the district, in the order the pages show them. */
  public List<Check> of(District d) {
    List<Check> out = new ArrayList<>();
    out.add(
        check(
            "grades-without-state-code",
            "Grades whose course has no state course code",
            "To do: add these local course ids to the course crosswalk export with their state"
                + " course code, or send state_course_code on the grades. Until then their credits"
                + " count toward no graduation requirement.",
            "select count(*), (array_agg(distinct g.local_course_id order by g.local_course_id))"
                + "[1:"
                + EXAMPLES
                + "] from grades g left join course_crosswalk c on c.district = g.district"
                + " and c.local_course_id = g.local_course_id and c.live"
                + " where g.district = ? and coalesce(g.state_course_code, '') = ''"
                + " and coalesce(c.state_course_code, '') = ''",
            d.code()));
    String format = d.state() == State.TX ? "^[A-Z0-9]{8}$" : "^[0-9]{4}$";
    out.add(
        check(
            "codes-out-of-format",
            d.state() == State.TX
                ? "Courses whose state course code is not an 8-character PEIMS service id"
                : "Courses whose state course code is not a 4-digit Indiana course code",
            d.state() == State.TX
                ? "To do: map each of these local courses to its PEIMS service id from TEA code"
                    + " table C022 (8 letters and digits, such as 03220100) in the SIS, and export"
                    + " it as text so leading zeros stay."
                : "To do: map each of these local courses to its 4-digit state course code from"
                    + " the Department of Education's course titles list in the SIS, and export it"
                    + " as text so leading zeros stay.",
            "select count(*), (array_agg(x.local_course_id || ' (' || x.code || ')'"
                + " order by x.local_course_id))[1:"
                + EXAMPLES
                + "] from (select local_course_id, state_course_code as code"
                + " from course_crosswalk where district = ? and live and state_course_code !~ ?"
                + " union select local_course_id, state_course_code from grades"
                + " where district = ? and coalesce(state_course_code, '') <> ''"
                + " and state_course_code !~ ?) x",
            d.code(),
            format,
            d.code(),
            format));
    GraduationPlans.ClassRule rule = plans.fromClass(d.state());
    List<String> codes = List.copyOf(plans.codes(d.state()));
    out.add(
        check(
            "students-without-plan",
            "Active students in grades 9 to 12 with no graduation plan of "
                + (d.state() == State.TX ? "Texas" : "Indiana"),
            "To do: send graduation_plan in the students export for every high-school student ("
                + String.join(", ", codes)
                + "). Without it Pathways cannot show what the student still needs.",
            "select count(*), (array_agg(student_id order by student_id))[1:"
                + EXAMPLES
                + "] from students where district = ? and live and enrollment_status = 'A'"
                + " and grade_level in ('09', '10', '11', '12')"
                + " and coalesce(graduation_plan, '') <> all (?)"
                + " and coalesce(graduation_year, 0) < ?",
            d.code(),
            codes.toArray(String[]::new),
            rule == null ? NO_CLASS_RULE : rule.year()));
    out.add(
        check(
            "transcripts-without-credit",
            "Active students whose final grades earn no credit at all",
            "To do: check that the grades export fills credits_earned for passed courses (not"
                + " only credits_attempted), and that historical grades are sent as FINAL.",
            "select count(*), (array_agg(x.student_id order by x.student_id))[1:"
                + EXAMPLES
                + "] from (select g.student_id from grades g join students s"
                + " on s.district = g.district and s.student_id = g.student_id and s.live"
                + " and s.enrollment_status = 'A'"
                + " where g.district = ? and g.grade_status = 'FINAL'"
                + " group by g.student_id having coalesce(sum(g.credits_earned), 0) = 0) x",
            d.code()));
    return out;
  }

  private Check check(String id, String title, String whatToDo, String sql, Object... params) {
    return jdbc.sql(sql)
        .params(params)
        .query((rs, n) -> new Check(id, title, rs.getLong(1), examples(rs), whatToDo))
        .single();
  }

  private static List<String> examples(ResultSet rs) throws SQLException {
    Array a = rs.getArray(2);
    if (a == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
  }
}
