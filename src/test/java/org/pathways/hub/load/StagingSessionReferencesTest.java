package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.State;
import org.pathways.hub.parse.CanonicalRow;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * A grade's student and course are looked up on whichever thread gets to the row first: the reading
 * thread when the staging one is behind, or the staging thread itself. Either way the same rows are
 * reported, at the same lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingSessionReferencesTest {

  TestHub hub;
  DataSource ds;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    hub.addDistrict("refs", State.TX, "standard");
    hub.ingestOne("refs", "students.txt", Sample.students(3));
    hub.ingestOne("refs", "course_crosswalk.txt", Sample.COURSES);
    ds = hub.bean(DataSource.class);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aRowLookedUpAheadIsReportedAsOneLookedUpWhenStaged() throws Exception {
    List<String> ahead = references(true);
    List<String> inline = references(false);

    assertThat(ahead)
        .containsExactly(
            "UNKNOWN_STUDENT line 3 9999",
            "UNKNOWN_COURSE line 4 NOPE",
            "UNKNOWN_STUDENT line 5 8888",
            "UNKNOWN_COURSE line 5 NOPE",
            "UNKNOWN_STUDENT line 6 8888");
    assertThat(inline).isEqualTo(ahead);
  }

  /** Stages six grades, looked up ahead or not, and gives their reference issues. */
  private List<String> references(boolean lookedUpAhead) throws Exception {
    String[][] named = {
      {"1001", "ENG1"},
      {"9999", "ENG1"},
      {"1002", "NOPE"},
      {"8888", "NOPE"},
      {"8888", "BIO"},
      {"1003", "ALG1"}
    };
    Issues issues = new Issues(100, 100, code -> Severity.ERROR);
    try (Connection conn = ds.getConnection()) {
      conn.setAutoCommit(false);
      try (StagingSession staging =
          new StagingSession(
              conn, DataSet.GRADES, "refs", 1, Map.of("grade_status", "FINAL"), true, true, 0)) {
        Consumer<CanonicalRow> ahead = staging.hashAhead();
        for (int i = 0; i < named.length; i++) {
          CanonicalRow row = grade(i + 2, named[i][0], named[i][1]);
          if (lookedUpAhead) {
            ahead.accept(row);
          }
          issues.startRow();
          staging.add(row, issues);
        }
      } finally {
        conn.rollback();
      }
    }
    List<String> out = new ArrayList<>();
    for (Issue i : issues.kept()) {
      out.add(i.code() + " line " + i.line() + " " + i.value());
    }
    return out;
  }

  private static CanonicalRow grade(long line, String student, String course) {
    DataSet g = DataSet.GRADES;
    String[] values = new String[g.fields().size()];
    values[g.indexOf("student_id")] = student;
    values[g.indexOf("school_year")] = "2025";
    values[g.indexOf("term")] = "S1";
    values[g.indexOf("local_course_id")] = course;
    values[g.indexOf("campus_id")] = "255901001";
    values[g.indexOf("letter_grade")] = "A";
    values[g.indexOf("numeric_grade")] = "95";
    values[g.indexOf("credits_attempted")] = "0.5";
    values[g.indexOf("credits_earned")] = "0.5";
    values[g.indexOf("grade_status")] = "FINAL";
    return new CanonicalRow(line, values);
  }
}
