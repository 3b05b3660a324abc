package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pathways.hub.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Districts' Data Validation Worksheets: saved, compared with the live snapshot, waived line by
 * line and approved for training. Every change is audited with counts and line names only: the
 * named students' ids and values never reach the audit trail or the log.
 */
@Repository
public class Worksheets {

  private static final int MAX_REASON = 1000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final Clock clock;

  public Worksheets(JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one save did. */
  public record Saved(boolean changed, boolean approvalWithdrawn, int waiversRemoved) {}

  /** Where a district's worksheet stands; {@link WorksheetStatus#NONE} when it has none. */
  public WorksheetStatus status(String district) {
    return jdbc.sql(
            "select updated_at, updated_by, approved_at, approved_by, approval_note,"
                + " expected_teachers is not null or expected_courses is not null"
                + " or exists (select 1 from worksheet_enrollment e where e.district = w.district)"
                + " or exists (select 1 from worksheet_student s where s.district = w.district)"
                + " from worksheet w where district = ?")
        .param(district)
        .query(
            (rs, i) ->
                new WorksheetStatus(
                    rs.getTimestamp(1).toInstant(),
                    rs.getString(2),
                    rs.getBoolean(6),
                    instant(rs.getTimestamp(3)),
                    rs.getString(4),
                    rs.getString(5)))
        .optional()
        .orElse(WorksheetStatus.NONE);
  }

  /** The saved worksheet; {@link Worksheet#EMPTY} when the district has none. */
  public Worksheet load(String district) {
    Optional<Worksheet> head =
        jdbc.sql(
                "select gpa_type, expected_teachers, expected_courses from worksheet where district = ?")
            .param(district)
            .query(
                (rs, i) ->
                    new Worksheet(
                        rs.getString(1),
                        (Integer) rs.getObject(2),
                        (Integer) rs.getObject(3),
                        List.of(),
                        List.of()))
            .optional();
    if (head.isEmpty()) {
      return Worksheet.EMPTY;
    }
    List<Worksheet.Enrollment> enrollment =
        jdbc.sql(
                "select campus_id, grade_level, expected_students from worksheet_enrollment"
                    + " where district = ?")
            .param(district)
            .query(
                (rs, i) -> new Worksheet.Enrollment(rs.getString(1), rs.getString(2), rs.getInt(3)))
            .list();
    List<Worksheet.NamedStudent> students =
        jdbc.sql(
                "select student_id, grade_level, credits_earned, gpa from worksheet_student"
                    + " where district = ? order by position")
            .param(district)
            .query(
                (rs, i) ->
                    new Worksheet.NamedStudent(
                        rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
            .list();
    Worksheet h = head.get();
    return new Worksheet(
        h.gpaType(), h.teachers(), h.courses(), Comparer.sorted(enrollment), students);
  }

  /** The saved worksheet against today's live data. */
  public Comparison compare(String district) {
    Worksheet w = load(district);
    return Comparer.compare(w, facts(district, w), waivers(district), Tolerances.DEFAULT);
  }

  /**
   * Replaces the district's worksheet. A change withdraws an approval, since what was approved is
   * no longer what is stated, and drops the waivers whose expected value changed or went away.
   */
  public Saved save(String district, Worksheet w, String actor, String remote) {
    Saved saved =
        tx.execute(
            s -> {
              boolean exists = lock(district);
              Worksheet before = load(district);
              if (exists ? before.equals(w) : w.blank()) {
                return new Saved(false, false, 0);
              }
              Instant now = clock.instant();
              boolean wasApproved = status(district).approved();
              if (!exists) {
                jdbc.sql(
                        "insert into worksheet (district, gpa_type, expected_teachers,"
                            + " expected_courses, updated_at, updated_by) values (?, ?, ?, ?, ?, ?)")
                    .params(
                        district,
                        w.gpaType(),
                        w.teachers(),
                        w.courses(),
                        Timestamp.from(now),
                        actor)
                    .update();
              } else {
                jdbc.sql(
                        "update worksheet set gpa_type = ?, expected_teachers = ?,"
                            + " expected_courses = ?, updated_at = ?, updated_by = ?,"
                            + " approved_at = null, approved_by = null, approval_note = null"
                            + " where district = ?")
                    .params(
                        w.gpaType(),
                        w.teachers(),
                        w.courses(),
                        Timestamp.from(now),
                        actor,
                        district)
                    .update();
              }
              jdbc.sql("delete from worksheet_enrollment where district = ?")
                  .param(district)
                  .update();
              jdbc.sql("delete from worksheet_student where district = ?").param(district).update();
              for (Worksheet.Enrollment e : w.enrollment()) {
                jdbc.sql(
                        "insert into worksheet_enrollment (district, campus_id, grade_level,"
                            + " expected_students) values (?, ?, ?, ?)")
                    .params(district, e.campusId(), e.gradeLevel(), e.expected())
                    .update();
              }
              int position = 0;
              for (Worksheet.NamedStudent n : w.students()) {
                jdbc.sql(
                        "insert into worksheet_student (district, position, student_id,"
                            + " grade_level, credits_earned, gpa) values (?, ?, ?, ?, ?, ?)")
                    .params(
                        district,
                        ++position,
                        n.studentId(),
                        n.gradeLevel(),
                        n.creditsEarned(),
                        n.gpa())
                    .update();
              }
              Map<String, String> expected = new HashMap<>();
              Comparer.stated(w).forEach(st -> expected.put(st.key(), st.expected()));
              int removed = 0;
              for (Map.Entry<String, Waiver> e : waivers(district).entrySet()) {
                if (!e.getValue().expected().equals(expected.get(e.getKey()))) {
                  removed +=
                      jdbc.sql("delete from worksheet_waiver where district = ? and line_key = ?")
                          .params(district, e.getKey())
                          .update();
                }
              }
              return new Saved(true, wasApproved, removed);
            });
    if (saved.changed()) {
      audit.record(
          actor,
          "worksheet.save",
          district,
          "worksheet",
          remote,
          "saved",
          summary(w)
              + (saved.approvalWithdrawn() ? "; approval for training withdrawn" : "")
              + (saved.waiversRemoved() > 0
                  ? "; " + saved.waiversRemoved() + " waiver(s) no longer apply"
                  : ""));
    }
    return saved;
  }

  /** Records a refused upload or form, with how many problems (never the values). */
  public void refused(String district, String action, int problems, String actor, String remote) {
    audit.record(
        actor,
        action,
        district,
        "worksheet",
        remote,
        "refused",
        problems + " problem(s) in what was sent; nothing saved");
  }

  /** Accepts one mismatching line, with the engineer's reason. */
  public void waive(String district, String lineKey, String reason, String actor, String remote) {
    String why = reason == null ? "" : reason.strip();
    String name =
        audited(
            district,
            "worksheet.waive",
            actor,
            remote,
            () -> {
              if (!lock(district)) {
                throw refuse("There is no worksheet yet.");
              }
              Worksheet w = load(district);
              Comparison c =
                  Comparer.compare(w, facts(district, w), waivers(district), Tolerances.DEFAULT);
              Line line =
                  c.lines().stream()
                      .filter(l -> l.key().equals(lineKey))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              refuse(
                                  "That line is not on the worksheet any more; reload the page."));
              String named = auditName(w, line);
              if (why.isEmpty()) {
                throw refuse(
                    "Give the reason for waiving '" + line.label() + "'.", "no reason given");
              }
              if (why.length() > MAX_REASON) {
                throw refuse("Keep the reason under " + MAX_REASON + " characters.");
              }
              if (line.verdict() == Verdict.MATCH) {
                throw refuse(
                    "'" + line.label() + "' matches the live data; only a mismatch is waived.",
                    "the line matches");
              }
              jdbc.sql(
                      "insert into worksheet_waiver (district, line_key, expected, reason,"
                          + " waived_by, waived_at) values (?, ?, ?, ?, ?, ?)"
                          + " on conflict (district, line_key) do update set expected ="
                          + " excluded.expected, reason = excluded.reason, waived_by ="
                          + " excluded.waived_by, waived_at = excluded.waived_at")
                  .params(
                      district,
                      lineKey,
                      line.expected(),
                      why,
                      actor,
                      Timestamp.from(clock.instant()))
                  .update();
              return named;
            });
    audit.record(actor, "worksheet.waive", district, name, remote, "waived", "reason recorded");
  }

  /**
   * Approves the district for training: only when something is stated and every line matches or is
   * waived, checked under the worksheet's lock so a save cannot slip in between.
   */
  public void approve(String district, String note, String actor, String remote) {
    String why = note == null ? "" : note.strip();
    Comparison c =
        audited(
            district,
            "worksheet.approve",
            actor,
            remote,
            () -> {
              if (why.length() > MAX_REASON) {
                throw refuse("Keep the note under " + MAX_REASON + " characters.");
              }
              if (!lock(district)) {
                throw refuse(
                    "The district has not filled in its worksheet yet: there is nothing to"
                        + " approve.");
              }
              Comparison now = compare(district);
              if (now.lines().isEmpty()) {
                throw refuse(
                    "The worksheet states nothing yet: there is nothing to compare, so nothing to"
                        + " approve.");
              }
              if (!now.approvable()) {
                throw refuse(
                    "Not approved: "
                        + now.unresolved()
                        + " line(s) still mismatch the live data. Each must match (the district"
                        + " fixes its data or its worksheet) or be waived with a reason.");
              }
              jdbc.sql(
                      "update worksheet set approved_at = ?, approved_by = ?, approval_note = ?"
                          + " where district = ?")
                  .params(
                      Timestamp.from(clock.instant()), actor, why.isEmpty() ? null : why, district)
                  .update();
              return now;
            });
    audit.record(
        actor,
        "worksheet.approve",
        district,
        "worksheet",
        remote,
        "approved",
        c.count(Verdict.MATCH) + " line(s) match, " + c.count(Verdict.WAIVED) + " waived");
  }

  /** Locks the district's worksheet row for this transaction; false when there is none. */
  private boolean lock(String district) {
    return jdbc.sql("select 1 from worksheet where district = ? for update")
        .param(district)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  private static WorksheetException refuse(String message) {
    return new WorksheetException(message, message);
  }

  /** A refusal whose message names a line; the audit gets {@code auditDetail} instead. */
  private static WorksheetException refuse(String message, String auditDetail) {
    return new WorksheetException(message, auditDetail);
  }

  /**
   * Runs an action in one transaction; a refusal is audited after the rollback, so the record of it
   * is not rolled back with the action.
   */
  private <T> T audited(
      String district,
      String action,
      String actor,
      String remote,
      java.util.function.Supplier<T> work) {
    try {
      return tx.execute(s -> work.get());
    } catch (WorksheetException e) {
      audit.record(actor, action, district, "worksheet", remote, "refused", e.auditDetail());
      throw e;
    }
  }

  private Map<String, Waiver> waivers(String district) {
    Map<String, Waiver> out = new HashMap<>();
    jdbc.sql(
            "select line_key, expected, reason, waived_by, waived_at from worksheet_waiver"
                + " where district = ?")
        .param(district)
        .query(
            (rs, i) ->
                Map.entry(
                    rs.getString(1),
                    new Waiver(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant())))
        .list()
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Reads the live snapshot for what the worksheet states. Students are the active ones (enrollment
   * status A) of the current snapshot; teachers are active staff whose role is TEACHER or not given
   * (the teachers file also lists counselors and administrators, whom a district does not count as
   * teachers); courses are the active rows of the crosswalk.
   *
   * <p>Credits earned are the sum of {@code credits_earned} over the student's FINAL grades:
   * in-progress grades carry no earned credit yet. The GPA is the one of the worksheet's GPA type
   * in the gpa data set, the data set made for it; a district whose SIS sends GPA inside the
   * students file instead has no gpa rows, so for WEIGHTED and UNWEIGHTED the students file's
   * column is used when the gpa data set has nothing for the student.
   */
  LiveFacts facts(String district, Worksheet w) {
    Map<String, Long> enrollment = new HashMap<>();
    jdbc.sql(
            "select campus_id, grade_level, count(*) from students where district = ? and live"
                + " and enrollment_status = 'A' group by campus_id, grade_level")
        .param(district)
        .query(
            (rs, i) -> Map.entry(LiveFacts.group(rs.getString(1), rs.getString(2)), rs.getLong(3)))
        .list()
        .forEach(e -> enrollment.put(e.getKey(), e.getValue()));
    long teachers =
        jdbc.sql(
                "select count(*) from teachers where district = ? and live"
                    + " and coalesce(active, true) and coalesce(upper(role), 'TEACHER') = 'TEACHER'")
            .param(district)
            .query(Long.class)
            .single();
    long courses =
        jdbc.sql(
                "select count(*) from course_crosswalk where district = ? and live"
                    + " and coalesce(active, true)")
            .param(district)
            .query(Long.class)
            .single();
    Map<String, LiveFacts.Student> students = new HashMap<>();
    List<String> ids = w.students().stream().map(Worksheet.NamedStudent::studentId).toList();
    if (!ids.isEmpty()) {
      String type = w.gpaType().toUpperCase(Locale.ROOT);
      String fallback =
          switch (type) {
            case "WEIGHTED" -> "s.gpa_weighted";
            case "UNWEIGHTED" -> "s.gpa_unweighted";
            default -> "null";
          };
      jdbc.sql(
              "select s.student_id, s.grade_level,"
                  + " (select coalesce(sum(g.credits_earned), 0) from grades g"
                  + "   where g.district = s.district and g.student_id = s.student_id"
                  + "   and g.grade_status = 'FINAL'),"
                  + " coalesce((select p.gpa_value from gpa p where p.district = s.district"
                  + "   and p.student_id = s.student_id and upper(p.gpa_type) = :type limit 1), "
                  + fallback
                  + ")"
                  + " from students s where s.district = :district and s.live"
                  + " and s.enrollment_status = 'A' and s.student_id in (:ids)")
          .param("type", type)
          .param("district", district)
          .param("ids", ids)
          .query(
              (rs, i) ->
                  Map.entry(
                      rs.getString(1),
                      new LiveFacts.Student(
                          rs.getString(2), rs.getBigDecimal(3), (BigDecimal) rs.getObject(4))))
          .list()
          .forEach(e -> students.put(e.getKey(), e.getValue()));
    }
    return new LiveFacts(enrollment, teachers, courses, students);
  }

  /** A line's name for the audit trail: a named student is named by position, not by id. */
  private static String auditName(Worksheet w, Line line) {
    if (line.section() != Line.Section.NAMED_STUDENTS) {
      return line.label();
    }
    String[] parts = line.key().split("\\|");
    for (int i = 0; i < w.students().size(); i++) {
      if (w.students().get(i).studentId().equals(parts[1])) {
        return "named student " + (i + 1) + " " + parts[2];
      }
    }
    return "named student " + parts[2];
  }

  private static String summary(Worksheet w) {
    return w.enrollment().size()
        + " campus and grade line(s), teachers "
        + (w.teachers() == null ? "not stated" : "stated")
        + ", courses "
        + (w.courses() == null ? "not stated" : "stated")
        + ", "
        + w.students().size()
        + " named student(s), GPA type "
        + w.gpaType();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
