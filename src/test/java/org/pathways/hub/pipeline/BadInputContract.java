package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;

/**
 * Every kind of bad input a district sends ends in a precise error or warning; an error leaves the
 * previous snapshot exactly as it was and the raw file kept in the vault.
 */
abstract class BadInputContract extends StoreContract {

  private static final AtomicInteger DISTRICTS = new AtomicInteger();

  @Override
  protected String[] hubArgs() {
    // A small expansion limit, so the zip bomb test needs only a few megabytes.
    return new String[] {"--hub.max-file-mb=32"};
  }

  /** A district with ten students, three courses and two grades already live. */
  String baseline() throws IOException {
    String d =
        "bad"
            + DISTRICTS.incrementAndGet()
            + "-"
            + store().name().toLowerCase(java.util.Locale.ROOT);
    hub.addDistrict(d, State.TX, "standard");
    assertThat(hub.ingestOne(d, "students.txt", Sample.students(10)).status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(hub.ingestOne(d, "course_crosswalk.txt", Sample.COURSES).status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(
            hub.ingestOne(
                    d,
                    "grades.txt",
                    Sample.grades(
                        "1001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                        "1002|2026|S1|ALG1|255901001|B|85|0.5|0.5|FINAL"))
                .status())
        .isEqualTo(RunStatus.LOADED);
    return d;
  }

  /** Sends a bad file and checks it was refused with {@code code}, changing nothing live. */
  Issue refused(String d, String fileName, byte[] content, RunStatus status, IssueCode code)
      throws IOException {
    Map<String, List<Map<String, Object>>> before = snapshot(d);
    List<RunSummary> runs = hub.ingest(d, fileName, content);
    assertThat(runs).hasSize(1);
    RunSummary r = runs.get(0);
    assertThat(r.status()).as("status of %s", fileName).isEqualTo(status);
    assertThat(r.issues()).extracting(Issue::code).contains(code);
    assertThat(snapshot(d)).as("live data after %s", fileName).isEqualTo(before);
    assertRawFileKept(r, content);
    return r.issues().stream().filter(i -> i.code() == code).findFirst().orElseThrow();
  }

  Issue refused(String d, String fileName, String content, RunStatus status, IssueCode code)
      throws IOException {
    return refused(d, fileName, content.getBytes(StandardCharsets.UTF_8), status, code);
  }

  Map<String, List<Map<String, Object>>> snapshot(String d) {
    return Map.of(
        "students",
        hub.live(d, "students"),
        "course_crosswalk",
        hub.live(d, "course_crosswalk"),
        "grades",
        hub.live(d, "grades"));
  }

  void assertRawFileKept(RunSummary r, byte[] content) throws IOException {
    Map<String, Object> f =
        hub.jdbc()
            .sql(
                "select f.vault_key, f.sha256, f.size_bytes from received_file f join ingest_run r on r.received_file_id = f.id where r.id = ?")
            .param(r.runId())
            .query()
            .singleRow();
    StoredFile stored =
        new StoredFile(
            (String) f.get("vault_key"), (String) f.get("sha256"), (Long) f.get("size_bytes"));
    try (InputStream in = hub.bean(Vault.class).open(stored)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void emptyFile() throws IOException {
    Issue i =
        refused(baseline(), "students.txt", new byte[0], RunStatus.REJECTED, IssueCode.EMPTY_FILE);
    assertThat(i.message()).contains("empty");
  }

  @Test
  void headerOnlyIsHeldNotApplied() throws IOException {
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n",
            RunStatus.HELD,
            IssueCode.NO_DATA_ROWS);
    assertThat(i.message()).contains("no data rows");
  }

  @Test
  void wrongDelimiter() throws IOException {
    String commas = Sample.students(3).replace('|', ',');
    Issue i =
        refused(baseline(), "students.txt", commas, RunStatus.REJECTED, IssueCode.WRONG_DELIMITER);
    assertThat(i.message()).contains("commas (,)").contains("pipes (|)");
  }

  @Test
  void missingRequiredColumn() throws IOException {
    String noBirthDate =
        Sample.students(3).replace("|birth_date", "").replaceAll("\\|2009-\\d\\d-\\d\\d", "");
    Issue i =
        refused(
            baseline(), "students.txt", noBirthDate, RunStatus.REJECTED, IssueCode.MISSING_COLUMN);
    assertThat(i.column()).isEqualTo("birth_date");
    assertThat(i.line()).isEqualTo(1);
  }

  @Test
  void duplicateColumn() throws IOException {
    String dup =
        Sample.students(2)
            .replaceFirst("\\|campus_id\\|", "|campus_id|campus_id|")
            .replace("|255901001|", "|255901001|255901001|");
    Issue i =
        refused(baseline(), "students.txt", dup, RunStatus.REJECTED, IssueCode.DUPLICATE_COLUMN);
    assertThat(i.message()).contains("columns 7 and 8");
  }

  @Test
  void unknownColumnIsAWarningAndTheFileLoads() throws IOException {
    String d = baseline();
    String extra =
        Sample.students(10)
            .replaceFirst("\\n", "|homeroom\n")
            .replaceAll("\\|FHSP\\n", "|FHSP|H12\n");
    RunSummary r = hub.ingestOne(d, "students.txt", extra);
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.issues().stream().filter(i -> i.code() == IssueCode.UNKNOWN_COLUMN))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.severity()).isEqualTo(Severity.WARNING);
              assertThat(i.column()).isEqualTo("homeroom");
            });
    // The first night with the new column also says that the header changed.
    assertThat(r.issues())
        .extracting(Issue::code, Issue::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(IssueCode.UNKNOWN_COLUMN, Severity.WARNING),
            org.assertj.core.groups.Tuple.tuple(IssueCode.HEADER_CHANGED, Severity.WARNING));
  }

  @Test
  void raggedRow() throws IOException {
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.set(2, rows.get(2) + "|extra|more");
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n" + String.join("\n", rows),
            RunStatus.REJECTED,
            IssueCode.RAGGED_ROW);
    assertThat(i.line()).isEqualTo(4);
    assertThat(i.message()).contains("has 11 fields but the header has 9");
  }

  @Test
  void unbalancedQuote() throws IOException {
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.set(5, rows.get(5).replace("|First5|", "|\"First5|"));
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n" + String.join("\n", rows),
            RunStatus.REJECTED,
            IssueCode.UNBALANCED_QUOTE);
    assertThat(i.line()).isEqualTo(7);
    assertThat(i.column()).isEqualTo("first_name");
  }

  @Test
  void tenMegabyteLine() throws IOException {
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.set(3, rows.get(3).replace("|First3|", "|" + "x".repeat(10 << 20) + "|"));
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n" + String.join("\n", rows),
            RunStatus.REJECTED,
            IssueCode.LINE_TOO_LONG);
    assertThat(i.line()).isEqualTo(5);
  }

  @Test
  void invalidDate() throws IOException {
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.set(0, rows.get(0).replace("2009-01-10", "2026-02-30"));
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n" + String.join("\n", rows),
            RunStatus.REJECTED,
            IssueCode.INVALID_DATE);
    assertThat(i)
        .extracting(Issue::line, Issue::column, Issue::value)
        .containsExactly(2L, "birth_date", "2026-02-30");
  }

  @Test
  void idsThatLostLeadingZerosAreWarnedAndKeptAsSent() throws IOException {
    String d =
        "zeros"
            + DISTRICTS.incrementAndGet()
            + "-"
            + store().name().toLowerCase(java.util.Locale.ROOT);
    hub.addDistrict(d, State.IN, "standard");
    RunSummary r =
        hub.ingestOne(
            d,
            "students.txt",
            "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id|enrollment_status\n"
                + "7|012345678|Ann|Lee|2010-04-02|10|0412|A\n"
                + "8|12345679|Bo|Ray|2010-05-02|10|412|A\n");
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.issues())
        .extracting(Issue::code, Issue::line, Issue::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(IssueCode.LEADING_ZEROS_LOST, 3L, "12345679"),
            org.assertj.core.groups.Tuple.tuple(IssueCode.LEADING_ZEROS_LOST, 3L, "412"));
    assertThat(
            hub.jdbc()
                .sql(
                    "select state_student_id from students where district = ? and student_id = '8'")
                .param(d)
                .query(String.class)
                .single())
        .isEqualTo("12345679");
  }

  @Test
  void duplicateKeys() throws IOException {
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.add(rows.get(2).replace("First2", "Other"));
    Issue i =
        refused(
            baseline(),
            "students.txt",
            Sample.STUDENT_HEADER + "\n" + String.join("\n", rows),
            RunStatus.REJECTED,
            IssueCode.DUPLICATE_KEY);
    assertThat(i.line()).isEqualTo(12);
    assertThat(i.message()).contains("of line 4");
    assertThat(i.value()).as("the repeated key's value").isEqualTo("1003");
  }

  @Test
  void gradesForUnknownStudentsOrCoursesAreWarnings() throws IOException {
    String d = baseline();
    RunSummary r =
        hub.ingestOne(
            d,
            "grades.txt",
            Sample.grades(
                "1001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                "9999|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                "1002|2026|S1|CHEM|255901001|B|85|0.5|0.5|FINAL",
                "1002|2026|S1|ALG1|255901001|B|85|0.5|0.5|FINAL"));
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.issues())
        .extracting(Issue::code, Issue::line, Issue::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(IssueCode.UNKNOWN_STUDENT, 3L, "9999"),
            org.assertj.core.groups.Tuple.tuple(IssueCode.UNKNOWN_COURSE, 4L, "CHEM"));
  }

  @Test
  void creditsEarnedAboveAttemptedIsAWarningByDefaultAndAnErrorWhereTheDistrictSaysSo()
      throws IOException {
    String d = baseline();
    String grades =
        Sample.grades(
            "1001|2026|S1|ENG1|255901001|A|95|0.5|1.0|FINAL",
            "1002|2026|S1|ALG1|255901001|B|85|0.5|0.5|FINAL");
    RunSummary warned = hub.ingestOne(d, "grades.txt", grades);
    assertThat(warned.status()).isEqualTo(RunStatus.LOADED);
    assertThat(warned.issues())
        .extracting(Issue::code)
        .containsExactly(IssueCode.CREDITS_EARNED_ABOVE_ATTEMPTED);

    String strict = baseline();
    hub.bean(DistrictRepository.class)
        .setProfileOverride(strict, "severities: {CREDITS_EARNED_ABOVE_ATTEMPTED: ERROR}\n");
    Issue i =
        refused(
            strict,
            "grades.txt",
            grades,
            RunStatus.REJECTED,
            IssueCode.CREDITS_EARNED_ABOVE_ATTEMPTED);
    assertThat(i.severity()).isEqualTo(Severity.ERROR);
    assertThat(i.line()).isEqualTo(2);
  }

  @Test
  void gpaOutOfScale() throws IOException {
    String d = baseline();
    hub.bean(DistrictRepository.class)
        .setProfileOverride(d, "severities: {GPA_OUT_OF_SCALE: ERROR}\n");
    hub.ingestOne(d, "gpa.txt", "student_id|gpa_type|gpa_value|gpa_scale\n1001|WEIGHTED|4.2|5\n");
    Issue i =
        refused(
            d,
            "gpa.txt",
            "student_id|gpa_type|gpa_value|gpa_scale\n1001|WEIGHTED|7.2|4\n",
            RunStatus.REJECTED,
            IssueCode.GPA_OUT_OF_SCALE);
    assertThat(i.message()).contains("7.2").contains("0 to 4");
    assertThat(
            hub.jdbc()
                .sql("select gpa_value::text from gpa where district = ?")
                .param(d)
                .query(String.class)
                .single())
        .isEqualTo("4.2");
  }

  @Test
  void binaryJunk() throws IOException {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    refused(baseline(), "students.txt", junk, RunStatus.REJECTED, IssueCode.BINARY_CONTENT);
  }

  @Test
  void zipBomb() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry("students.txt"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(bytes.size()).isLessThan(200_000);
    Issue i =
        refused(
            baseline(),
            "nightly.zip",
            bytes.toByteArray(),
            RunStatus.REJECTED,
            IssueCode.ARCHIVE_TOO_LARGE);
    assertThat(i.message()).contains("students.txt");
  }

  @Test
  void aDataSetTheProfileDoesNotExpect() throws IOException {
    String d =
        "harmony"
            + DISTRICTS.incrementAndGet()
            + "-"
            + store().name().toLowerCase(java.util.Locale.ROOT);
    hub.addDistrict(d, State.IN, "harmony-in");
    Issue i =
        refused(
            d,
            "teachers.txt",
            "teacher_id|first_name|last_name|email|campus_id\nT1|A|B|a@b.org|0412\n",
            RunStatus.REJECTED,
            IssueCode.DATASET_NOT_EXPECTED);
    assertThat(i.message()).contains("teachers");
  }

  @Test
  void windows1252IsReadWithAWarning() throws IOException {
    String d = baseline();
    String text = Sample.students(10).replace("First3", "José");
    RunSummary r =
        hub.ingest(
                d, "students.txt", text.getBytes(java.nio.charset.Charset.forName("windows-1252")))
            .get(0);
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.issues()).extracting(Issue::code).containsExactly(IssueCode.ENCODING_FALLBACK);
    assertThat(
            hub.jdbc()
                .sql("select first_name from students where district = ? and student_id = '1004'")
                .param(d)
                .query(String.class)
                .single())
        .isEqualTo("José");
  }

  @Test
  void bomCrlfQuotesAndCompressedFilesAreRead() throws IOException {
    String d = baseline();
    String students =
        "\uFEFF"
            + Sample.students(10)
                .replace("First4", "\"Mary | Ann\"\"s\"")
                .replace("Last6", "\"Two\nLines\"")
                .replace("\n", "\r\n");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(students.getBytes(StandardCharsets.UTF_8));
    }
    RunSummary r = hub.ingest(d, "students_20261128.txt.gz", gz.toByteArray()).get(0);
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.errors() + r.warnings()).isZero();
    assertThat(
            hub.jdbc()
                .sql("select first_name from students where district = ? and student_id = '1005'")
                .param(d)
                .query(String.class)
                .single())
        .isEqualTo("Mary | Ann\"s");
    assertThat(
            hub.jdbc()
                .sql("select last_name from students where district = ? and student_id = '1007'")
                .param(d)
                .query(String.class)
                .single())
        .isEqualTo("Two\r\nLines");

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      // Grades first in the archive: the hub still loads the crosswalk before them.
      out.putNextEntry(new ZipEntry("grades.txt"));
      out.write(
          Sample.grades(
                  "1001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                  "1002|2026|S1|ALG1|255901001|B|85|0.5|0.5|FINAL",
                  "1001|2026|S2|GEO|255901001|A|95|0.5|0.5|FINAL")
              .getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("course_crosswalk.txt"));
      out.write(
          (Sample.COURSES + "GEO|Geometry|03100700|0.5|MATH\n").getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("__MACOSX/._grades.txt"));
      out.write(new byte[] {0, 1, 2});
    }
    List<RunSummary> runs = hub.ingest(d, "nightly.zip", zip.toByteArray());
    assertThat(runs).extracting(RunSummary::dataSet).containsExactly("course_crosswalk", "grades");
    assertThat(runs).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.LOADED));
    assertThat(runs.get(1).warnings()).isZero();
  }
}
