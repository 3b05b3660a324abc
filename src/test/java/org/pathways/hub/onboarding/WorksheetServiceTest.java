package org.pathways.hub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.State;
import org.pathways.hub.support.StandardFixtures;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The worksheet against real ingested data (the Standard Layout sample district on PostgreSQL):
 * what each actual value is, waivers, approval and its withdrawal, and an audit trail without
 * student data.
 */
class WorksheetServiceTest {

  static final String ENGINEER = "engineer@hub.test";
  static final String CONTACT = "it@gb.test";
  static TestHub hub;
  static Worksheets worksheets;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    for (String d : List.of("gb-facts", "gb-approve", "gb-empty")) {
      hub.addDistrict(d, State.TX, "standard");
      StandardFixtures.load(hub, d);
    }
    worksheets = hub.bean(Worksheets.class);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static Worksheet.NamedStudent student(
      String id, String grade, String credits, String gpa) {
    return new Worksheet.NamedStudent(
        id,
        grade,
        credits == null ? null : new BigDecimal(credits),
        gpa == null ? null : new BigDecimal(gpa));
  }

  @Test
  void actualValuesComeFromTheLiveSnapshotOfActiveRecords() {
    Worksheet w =
        new Worksheet(
            "WEIGHTED",
            4,
            12,
            List.of(
                new Worksheet.Enrollment("255901001", "12", 2),
                new Worksheet.Enrollment("255901001", "10", 5),
                new Worksheet.Enrollment("255901001", "09", 2)),
            List.of(
                student("604822", "12", "3", "4.0"),
                student("604843", "11", "2.5", null),
                student("604834", "10", null, null)));
    worksheets.save("gb-facts", w, CONTACT, "127.0.0.1");
    Comparison c = worksheets.compare("gb-facts");
    assertThat(c.lines())
        .extracting(Line::key, Line::actual, Line::verdict)
        .containsExactly(
            tuple("students|255901001|09", "2", Verdict.MATCH),
            // 604834 is withdrawn: the live data has one active tenth grader, not five.
            tuple("students|255901001|10", "1", Verdict.MISMATCH),
            tuple("students|255901001|12", "2", Verdict.MATCH),
            // Four teachers; the counselor in the teachers file is not one.
            tuple("teachers", "4", Verdict.MATCH),
            tuple("courses", "12", Verdict.MATCH),
            tuple("student|604822|grade_level", "12", Verdict.MATCH),
            // Final grades only: the in-progress semester has earned nothing yet.
            tuple("student|604822|credits_earned", "3", Verdict.MATCH),
            tuple("student|604822|gpa|WEIGHTED", "4", Verdict.MATCH),
            tuple("student|604843|grade_level", "11", Verdict.MATCH),
            tuple("student|604843|credits_earned", "2.5", Verdict.MATCH),
            tuple("student|604834|grade_level", "not an active student", Verdict.MISMATCH));
    assertThat(c.lines().get(1).difference()).isEqualTo("-4");
    assertThat(c.unstated())
        .containsExactly(
            new Comparison.Unstated("255901001", "11", 2),
            new Comparison.Unstated("255901041", "08", 1));

    worksheets.save(
        "gb-facts",
        new Worksheet(
            "UNWEIGHTED", null, null, List.of(), List.of(student("604822", null, null, "3.3"))),
        CONTACT,
        "127.0.0.1");
    Line gpa = worksheets.compare("gb-facts").lines().get(0);
    assertThat(gpa.label()).isEqualTo("Student 604822: GPA (UNWEIGHTED)");
    assertThat(gpa.actual()).isEqualTo("3.333");
    assertThat(gpa.verdict()).as("3.333 is more than 0.01 from 3.3").isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void approvalNeedsEveryLineMatchedOrWaivedAndAChangeWithdrawsIt() {
    String d = "gb-approve";
    assertThatThrownBy(() -> worksheets.approve(d, null, ENGINEER, "127.0.0.1"))
        .isInstanceOf(WorksheetException.class)
        .hasMessageContaining("nothing to approve");
    assertThat(worksheets.status(d)).isEqualTo(WorksheetStatus.NONE);

    Worksheet w =
        new Worksheet(
            "WEIGHTED", 9, 12, List.of(), List.of(student("604844", "12", "3.5", "4.143")));
    Worksheets.Saved saved = worksheets.save(d, w, CONTACT, "127.0.0.1");
    assertThat(saved.changed()).isTrue();
    assertThat(worksheets.status(d).submitted()).isTrue();
    assertThat(worksheets.status(d).updatedBy()).isEqualTo(CONTACT);

    assertThatThrownBy(() -> worksheets.approve(d, null, ENGINEER, "127.0.0.1"))
        .isInstanceOf(WorksheetException.class)
        .hasMessageContaining("1 line(s) still mismatch");
    assertThat(worksheets.status(d).approved()).isFalse();

    assertThatThrownBy(() -> worksheets.waive(d, "teachers", "  ", ENGINEER, "127.0.0.1"))
        .hasMessageContaining("Give the reason");
    assertThatThrownBy(() -> worksheets.waive(d, "courses", "fine", ENGINEER, "127.0.0.1"))
        .hasMessageContaining("only a mismatch is waived");
    worksheets.waive(d, "teachers", "Five new hires start next month", ENGINEER, "127.0.0.1");
    assertThat(worksheets.compare(d).count(Verdict.WAIVED)).isEqualTo(1);

    worksheets.approve(d, "Data matches", ENGINEER, "127.0.0.1");
    WorksheetStatus approved = worksheets.status(d);
    assertThat(approved.approved()).isTrue();
    assertThat(approved.approvedBy()).isEqualTo(ENGINEER);
    assertThat(approved.approvalNote()).isEqualTo("Data matches");

    assertThat(worksheets.save(d, w, CONTACT, "127.0.0.1").changed())
        .as("saving the same statement changes nothing")
        .isFalse();
    assertThat(worksheets.status(d).approved()).isTrue();

    Worksheet more = new Worksheet("WEIGHTED", 10, 12, List.of(), w.students());
    Worksheets.Saved changed = worksheets.save(d, more, CONTACT, "127.0.0.1");
    assertThat(changed.approvalWithdrawn()).isTrue();
    assertThat(changed.waiversRemoved()).as("the waiver was for 9 teachers, not 10").isEqualTo(1);
    assertThat(worksheets.status(d).approved()).isFalse();
    assertThat(worksheets.compare(d).unresolved()).isEqualTo(1);

    List<String> audit =
        hub.jdbc()
            .sql(
                "select action || ' ' || outcome || ' ' || coalesce(target, '') || ' '"
                    + " || coalesce(detail, '') from audit_event where district = ? order by id")
            .param(d)
            .query(String.class)
            .list();
    assertThat(audit)
        .anySatisfy(a -> assertThat(a).startsWith("worksheet.approve refused"))
        .anySatisfy(a -> assertThat(a).startsWith("worksheet.waive waived Active teachers"))
        .anySatisfy(a -> assertThat(a).startsWith("worksheet.approve approved"))
        .anySatisfy(a -> assertThat(a).contains("approval for training withdrawn"));
    assertThat(String.join("\n", audit))
        .as("no student id or value in the audit trail")
        .doesNotContain("604844")
        .doesNotContain("4.143")
        .doesNotContain("Five new hires");
  }

  @Test
  void aBlankWorksheetIsNotSubmittedAndCannotBeApproved() {
    assertThat(worksheets.save("gb-empty", Worksheet.EMPTY, CONTACT, "127.0.0.1").changed())
        .isFalse();
    assertThat(worksheets.status("gb-empty").submitted()).isFalse();
    assertThatThrownBy(() -> worksheets.approve("gb-empty", null, ENGINEER, "127.0.0.1"))
        .hasMessageContaining("nothing to approve");
  }
}
