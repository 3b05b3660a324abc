package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;

/**
 * A file compared with the district's own recent good files: row counts and sizes, header drift,
 * identifiers that lost their leading zeros and a rising share of grades whose course is missing
 * from the crosswalk; and a normal night that reports none of it.
 */
abstract class AnomalyContract extends StoreContract {

  private static final AtomicInteger DISTRICTS = new AtomicInteger();

  String newDistrict() {
    String code =
        "an" + DISTRICTS.incrementAndGet() + "-" + store().name().toLowerCase(Locale.ROOT);
    hub.addDistrict(code, State.TX, "standard");
    return code;
  }

  /** A district whose deactivation guard never holds, to see the history checks on their own. */
  String districtWithoutGuard() {
    String d = newDistrict();
    hub.bean(DistrictRepository.class).setHoldThreshold(d, 100);
    return d;
  }

  RunSummary loaded(String d, String name, String content) throws IOException {
    RunSummary r = hub.ingestOne(d, name, content);
    assertThat(r.status()).as("%s: %s", name, r.issues()).isIn(RunStatus.LOADED);
    return r;
  }

  static String night(RunSummary r) {
    return r.receivedAt().atZone(ZoneId.of("America/Chicago")).toLocalDate().toString();
  }

  static Issue only(RunSummary r, IssueCode code) {
    List<Issue> found = r.issues().stream().filter(i -> i.code() == code).toList();
    assertThat(found).as("%s in %s", code, r.issues()).hasSize(1);
    return found.get(0);
  }

  /** Students with the given ids, otherwise as {@link Sample#studentRows}. */
  static String students(List<String> ids) {
    List<String> rows = Sample.studentRows(ids.size());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(ids.get(i) + rows.get(i).substring(rows.get(i).indexOf('|')));
    }
    return Sample.STUDENT_HEADER + "\n" + String.join("\n", out) + "\n";
  }

  static List<String> paddedIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format(Locale.ROOT, "%06d", 4001 + i * 37));
    }
    return ids;
  }

  @Test
  void aNormalSecondNightReportsNothing() throws Exception {
    String d = newDistrict();
    loaded(d, "course_crosswalk.txt", Sample.COURSES);
    loaded(d, "students.txt", students(paddedIds(100)));
    loaded(d, "grades.txt", Sample.grades(gradeRows(50, 1).toArray(new String[0])));

    // One student more (1 %), the columns and the rows in another order.
    List<String> ids = paddedIds(101);
    String[] header = Sample.STUDENT_HEADER.split("\\|");
    String file = students(ids);
    List<String> lines = new ArrayList<>(List.of(file.split("\n")));
    int[] order = {8, 3, 0, 2, 1, 7, 6, 5, 4};
    List<String> shuffled = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split("\\|");
      shuffled.add(String.join("|", pick(v, order)));
    }
    Collections.shuffle(shuffled, new Random(7));
    String reordered =
        String.join("|", pick(header, order)) + "\n" + String.join("\n", shuffled) + "\n";
    RunSummary students = hub.ingestOne(d, "students_20261129.txt", reordered);
    assertThat(students.status()).isEqualTo(RunStatus.LOADED);
    assertThat(students.added()).isEqualTo(1);
    assertThat(students.issues()).isEmpty();
    assertThat(students.warnings()).isZero();

    // The same share of unknown courses on the next night's grades.
    List<String> grades = gradeRows(50, 1);
    grades.set(2, grades.get(2).replace("|ENG1|", "|BIO|"));
    RunSummary next = hub.ingestOne(d, "grades.txt", Sample.grades(grades.toArray(new String[0])));
    assertThat(next.status()).isEqualTo(RunStatus.LOADED);
    assertThat(next.issues()).extracting(Issue::code).containsOnly(IssueCode.UNKNOWN_COURSE);
  }

  private static String[] pick(String[] v, int[] order) {
    String[] out = new String[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  /**
   * {@code n} grade rows of padded students (two courses each), the first {@code unknown} of them
   * naming a course the crosswalk does not have.
   */
  static List<String> gradeRows(int n, int unknown) {
    List<String> ids = paddedIds(n);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String course = i < unknown ? "CHEM" + i : (i % 2 == 0 ? "ENG1" : "ALG1");
      rows.add(ids.get(i / 2) + "|2026|S1|" + course + "|255901001|A|95|0.5|0.5|FINAL");
    }
    return rows;
  }

  @Test
  void aSharpDropIsAWarningThenAHoldAgainstTheRecentMedian() throws Exception {
    String d = districtWithoutGuard();
    loaded(d, "students.txt", Sample.students(98));
    loaded(d, "students.txt", Sample.students(102));
    loaded(d, "students.txt", Sample.students(100));

    RunSummary fewer = hub.ingestOne(d, "students_20261201.txt", Sample.students(70));
    assertThat(fewer.status()).isEqualTo(RunStatus.LOADED);
    Issue warning = only(fewer, IssueCode.ROW_COUNT_CHANGE);
    assertThat(warning.severity()).isEqualTo(Severity.WARNING);
    assertThat(warning.message())
        .isEqualTo(
            "students_20261201.txt has 70 rows, 30.0% fewer than the usual 100 (the median of the"
                + " district's last 3 good students files). Check that the export is complete (a"
                + " filter, a failed query or a partial upload cuts it short); if the drop is real,"
                + " nothing needs doing.");

    // Median of 98, 102, 100 and 70: 99.
    RunSummary cut = hub.ingestOne(d, "students_20261202.txt", Sample.students(40));
    assertThat(cut.status()).isEqualTo(RunStatus.HELD);
    Issue hold = only(cut, IssueCode.ROW_COUNT_DROP);
    assertThat(hold.severity()).isEqualTo(Severity.ERROR);
    assertThat(hold.message())
        .isEqualTo(
            "students_20261202.txt has 40 rows, 59.6% fewer than the usual 99 (the median of the"
                + " district's last 4 good students files), a drop of more than 50%. It is held for"
                + " an engineer to review; yesterday's data stays live. Check that the export is"
                + " complete (a filter, a failed query or a partial upload cuts it short) and send"
                + " it again.");
    assertThat(cut.message()).isEqualTo("Far fewer rows than usual");
    assertThat(hub.count(d, "students")).isEqualTo(70);
    assertThat(hub.bean(RunStore.class).examples(cut.runId())).isNotEmpty();

    RunSummary released =
        hub.bean(HeldRuns.class).release(cut.runId(), "engineer@pathways", "campus closed");
    assertThat(released.status()).isEqualTo(RunStatus.RELEASED);
    assertThat(released.errors()).isZero();
    assertThat(hub.count(d, "students")).isEqualTo(40);
  }

  @Test
  void whenTheGuardHoldsTheDropIsOnlyExplained() throws Exception {
    String d = newDistrict();
    loaded(d, "students.txt", Sample.students(100));
    RunSummary cut = hub.ingestOne(d, "students.txt", Sample.students(30));
    assertThat(cut.status()).isEqualTo(RunStatus.HELD);
    assertThat(cut.issues())
        .extracting(Issue::code, Issue::severity)
        .containsExactly(
            tuple(IssueCode.VOLUME_GUARD, Severity.ERROR),
            tuple(IssueCode.ROW_COUNT_CHANGE, Severity.WARNING));
    assertThat(cut.errors()).isEqualTo(1);
  }

  @Test
  void growthIsAWarningForPeopleButNotForCourseRequests() throws Exception {
    String d = newDistrict();
    loaded(d, "students.txt", Sample.students(40));
    RunSummary more = hub.ingestOne(d, "students.txt", Sample.students(60));
    assertThat(more.status()).isEqualTo(RunStatus.LOADED);
    assertThat(only(more, IssueCode.ROW_COUNT_CHANGE).message())
        .startsWith(
            "students.txt has 60 rows, 50.0% more than the usual 40 (the median of the district's"
                + " last good students file). Check that the export does not repeat rows");

    loaded(d, "course_crosswalk.txt", Sample.COURSES);
    loaded(d, "course_requests.txt", requests(5));
    RunSummary spring = hub.ingestOne(d, "course_requests.txt", requests(60));
    assertThat(spring.status()).isEqualTo(RunStatus.LOADED);
    assertThat(spring.issues()).isEmpty();
  }

  static String requests(int n) {
    StringBuilder out = new StringBuilder("student_id|school_year|local_course_id\n");
    for (int i = 0; i < n; i++) {
      out.append(1001 + i / 3).append("|2027|").append(List.of("ENG1", "ALG1", "BIO").get(i % 3));
      out.append('\n');
    }
    return out.toString();
  }

  @Test
  void aLargerRowWithTheSameRowCountIsAFileSizeWarningAndTheHeaderChangeIsExplained()
      throws Exception {
    String d = newDistrict();
    RunSummary first = loaded(d, "students.txt", Sample.students(40));
    String wide =
        Sample.STUDENT_HEADER
            + "|campus_name\n"
            + String.join(
                "|Lincoln Early College High School of Science and Technology\n",
                Sample.studentRows(40))
            + "|Lincoln Early College High School of Science and Technology\n";
    RunSummary r = hub.ingestOne(d, "students_wide.txt", wide);
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    long bytes = wide.getBytes(StandardCharsets.UTF_8).length;
    double usual = Sample.students(40).getBytes(StandardCharsets.UTF_8).length / 40.0;
    double perRow = bytes / 40.0;
    assertThat(only(r, IssueCode.FILE_SIZE_CHANGE).message())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "students_wide.txt is %,d bytes for 40 rows: %.0f bytes a row, %.1f%% more than the"
                    + " usual %.0f (the median of the district's last good students file), while its"
                    + " row count is as usual. A column may have been added, dropped, emptied or"
                    + " filled with other data; check the export.",
                bytes,
                perRow,
                (perRow - usual) * 100 / usual,
                usual));
    assertThat(only(r, IssueCode.HEADER_CHANGED).message())
        .isEqualTo(
            "Since the students file of "
                + night(first)
                + " (students.txt), the header of students_wide.txt changed: 'campus_name' is new."
                + " If the export was not meant to change, change it back; a column the layout does"
                + " not know is ignored, and a lost required column stops the file.");
    assertThat(r.issues()).extracting(Issue::severity).containsOnly(Severity.WARNING);
  }

  @Test
  void aRenamedOptionalColumnIsExplainedAndTheFileLoads() throws Exception {
    String d = newDistrict();
    RunSummary first = loaded(d, "students_20261128.txt", Sample.students(20));
    String renamed = Sample.students(20).replaceFirst("\\|graduation_plan\n", "|Grad Plan\n");
    RunSummary r = hub.ingestOne(d, "students_20261129.txt", renamed);
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    Issue drift = only(r, IssueCode.HEADER_CHANGED);
    assertThat(drift.severity()).isEqualTo(Severity.WARNING);
    assertThat(drift.line()).isZero();
    assertThat(drift.message())
        .isEqualTo(
            "Since the students file of "
                + night(first)
                + " (students_20261128.txt), the header of students_20261129.txt changed: column"
                + " 'Grad Plan' replaced 'graduation_plan' (renamed?). If the export was not meant"
                + " to change, change it back; a column the layout does not know is ignored, and a"
                + " lost required column stops the file.");
    assertThat(r.issues())
        .extracting(Issue::code)
        .containsExactlyInAnyOrder(IssueCode.HEADER_CHANGED, IssueCode.UNKNOWN_COLUMN);
  }

  @Test
  void aRenamedRequiredColumnIsExplainedWithTheRejection() throws Exception {
    String d = newDistrict();
    RunSummary first = loaded(d, "students.txt", Sample.students(20));
    List<Map<String, Object>> before = hub.live(d, "students");
    String header =
        Sample.STUDENT_HEADER
            .replace("grade_level", "Grade Lvl")
            .replace("graduation_plan", "student_email");
    List<String> rows = new ArrayList<>();
    for (String row : Sample.studentRows(20)) {
      rows.add(row.replace("|FHSP", "|s@example.org"));
    }
    RunSummary r = hub.ingestOne(d, "students.txt", header + "\n" + String.join("\n", rows) + "\n");
    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(r.issues())
        .extracting(Issue::code)
        .containsExactlyInAnyOrder(
            IssueCode.HEADER_CHANGED, IssueCode.UNKNOWN_COLUMN, IssueCode.MISSING_COLUMN);
    assertThat(only(r, IssueCode.HEADER_CHANGED).message())
        .startsWith(
            "Since the students file of "
                + night(first)
                + " (students.txt), the header of students.txt changed: column 'Grade Lvl'"
                + " replaced 'grade_level' (renamed?); 'student_email' is new; 'graduation_plan'"
                + " is gone.");
    assertThat(hub.live(d, "students")).isEqualTo(before);
  }

  @Test
  void idsThatLostTheirLeadingZerosRejectTheFileWithExamples() throws Exception {
    String d = newDistrict();
    List<String> ids = paddedIds(40);
    loaded(d, "students.txt", students(ids));
    List<Map<String, Object>> before = hub.live(d, "students");

    List<String> stripped = ids.stream().map(id -> id.replaceFirst("^0+", "")).toList();
    RunSummary r = hub.ingestOne(d, "students_excel.txt", students(stripped));
    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    Issue file = only(r, IssueCode.LEADING_ZEROS_DROPPED);
    assertThat(file.severity()).isEqualTo(Severity.ERROR);
    assertThat(file.column()).isEqualTo("student_id");
    assertThat(file.message())
        .isEqualTo(
            "In students_excel.txt, 40 of 40 rows (100.0%) have a student_id shorter than the 6"
                + " digits the district's student_id values have (100% of the live ones start with"
                + " 0), such as '4001' on line 2, probably '004001': the file was probably opened"
                + " and saved in a spreadsheet, which drops leading zeros. Every such record would"
                + " look new and the one it belongs to would be dropped, so the file was not loaded;"
                + " yesterday's data stays live. Export the file again straight from the SIS (or"
                + " keep the column as text) and send it.");
    assertThat(r.issues().stream().filter(i -> i.code() == IssueCode.LEADING_ZEROS_LOST))
        .hasSize(40)
        .first()
        .extracting(Issue::line, Issue::column, Issue::value, Issue::message)
        .containsExactly(
            2L,
            "student_id",
            "4001",
            "Line 2: student_id '4001' is shorter than the 6 digits of the district's other"
                + " student_id values; it was probably '004001' before its leading zeros were lost."
                + " Export it as text.");
    assertThat(hub.live(d, "students")).isEqualTo(before);
  }

  @Test
  void oneShortIdAmongManyIsAWarningOnItsLine() throws Exception {
    String d = newDistrict();
    List<String> ids = new ArrayList<>(paddedIds(120));
    loaded(d, "students.txt", students(ids));
    ids.add("77");
    RunSummary r = hub.ingestOne(d, "students.txt", students(ids));
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.issues())
        .extracting(Issue::code, Issue::line, Issue::value, Issue::severity)
        .containsExactly(tuple(IssueCode.LEADING_ZEROS_LOST, 122L, "77", Severity.WARNING));
  }

  @Test
  void aRisingShareOfGradesWithoutACrosswalkCourseIsAWarning() throws Exception {
    String d = newDistrict();
    loaded(d, "course_crosswalk.txt", Sample.COURSES);
    loaded(d, "students.txt", students(paddedIds(30)));
    RunSummary first =
        loaded(d, "grades.txt", Sample.grades(gradeRows(50, 1).toArray(new String[0])));
    List<String> rows = new ArrayList<>(gradeRows(50, 1));
    for (int i = 0; i < 8; i++) {
      rows.add(paddedIds(30).get(22 + i) + "|2026|S2|PHYS" + i + "|255901001|B|85|0.5|0.5|FINAL");
    }
    RunSummary r =
        hub.ingestOne(d, "grades_20261130.txt", Sample.grades(rows.toArray(new String[0])));
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    Issue rising = only(r, IssueCode.MISSING_COURSES_RISING);
    assertThat(rising.severity()).isEqualTo(Severity.WARNING);
    assertThat(rising.message())
        .isEqualTo(
            "In grades_20261130.txt, 9 of 58 rows (15.5%) name a course missing from the course"
                + " crosswalk, up from 1 of 50 (2.0%) in the grades file of "
                + night(first)
                + ". Those rows cannot count toward a graduation requirement. Check that the course"
                + " crosswalk export is complete and uses the same local course ids (the"
                + " UNKNOWN_COURSE warnings name each course).");
  }
}
