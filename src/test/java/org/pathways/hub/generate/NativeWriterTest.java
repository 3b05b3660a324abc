package org.pathways.hub.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathways.hub.generate.TestRows.collect;
import static org.pathways.hub.generate.TestRows.parse;
import static org.pathways.hub.generate.TestRows.value;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.district.State;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileReader;
import org.pathways.hub.profile.Transform;

class NativeWriterTest {

  private static final LocalDate FALL = LocalDate.of(2026, Month.NOVEMBER, 28);

  @TempDir Path dir;

  private static Profile standard() throws IOException {
    try (InputStream in =
        NativeWriterTest.class.getClassLoader().getResourceAsStream("profiles/standard.yaml")) {
      assertThat(in).isNotNull();
      return ProfileReader.read(in, "profiles/standard.yaml");
    }
  }

  @Test
  void theStandardLayoutRoundTrips() throws IOException {
    GeneratedDistrict d = new DistrictGenerator(State.TX, 200, 5L, FALL).generate();
    GenerateSummary summary = NativeWriter.dated(FALL).write(standard(), d, dir);

    // The grades go as their two parts; the whole-file alternative would repeat every row.
    assertThat(summary.files())
        .extracting(GenerateSummary.WrittenFile::fileName)
        .containsExactly(
            "students_20261128.txt",
            "teachers_20261128.txt",
            "users_20261128.txt",
            "course_crosswalk_20261128.txt",
            "grades_history_20261128.txt",
            "grades_current_20261128.txt",
            "gpa_20261128.txt",
            "ibc_20261128.txt",
            "course_requests_20261128.txt");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(9)
          .allMatch(n -> !n.startsWith("."));
    }
    assertThat(summary.rows(DataSet.STUDENTS)).isEqualTo(200);
    assertThat(summary.rows(DataSet.GRADES)).isEqualTo(d.count(DataSet.GRADES));
    assertThat(summary.totalRows())
        .isEqualTo(Arrays.stream(DataSet.values()).mapToLong(d::count).sum());

    for (GenerateSummary.WrittenFile file : summary.files()) {
      DataSet ds = file.dataSet();
      byte[] bytes = Files.readAllBytes(dir.resolve(file.fileName()));
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).doesNotContain("\r").endsWith("\n").doesNotStartWith("\uFEFF");
      List<List<String>> records = parse(text, '|');
      List<String> header = ds.fields().stream().map(f -> f.name()).toList();
      assertThat(records.get(0)).isEqualTo(header);
      String scope =
          file.part() == null ? null : file.part().equals("history") ? "FINAL" : "IN_PROGRESS";
      List<List<String>> expected = new ArrayList<>();
      for (String[] row : collect(d, ds)) {
        if (scope == null || scope.equals(value(row, DataSet.GRADES, "grade_status"))) {
          expected.add(Arrays.stream(row).map(v -> v == null ? "" : v).toList());
        }
      }
      assertThat(records.subList(1, records.size())).as(file.fileName()).isEqualTo(expected);
      assertThat(file.rows()).isEqualTo(expected.size());
    }
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    Profile profile = standard();
    NativeWriter writer = new NativeWriter("");
    GenerateSummary a =
        writer.write(
            profile, new DistrictGenerator(State.IN, 150, 11L, FALL).generate(), dir.resolve("a"));
    GenerateSummary b =
        writer.write(
            profile, new DistrictGenerator(State.IN, 150, 11L, FALL).generate(), dir.resolve("b"));
    assertThat(a.files()).isEqualTo(b.files());
    assertThat(a.files())
        .extracting(GenerateSummary.WrittenFile::fileName)
        .contains("students.txt", "grades_history.txt", "grades_current.txt")
        .doesNotContain("ibc.txt");
    for (GenerateSummary.WrittenFile f : a.files()) {
      assertThat(
              Files.mismatch(
                  dir.resolve("a").resolve(f.fileName()), dir.resolve("b").resolve(f.fileName())))
          .as(f.fileName())
          .isEqualTo(-1L);
    }
  }

  private static final String NATIVE_PROFILE =
      """
      id: test-native
      name: A SIS with its own shapes
      states: [TX]
      delimiter: ","
      dateFormats: ["MM/dd/yyyy"]
      files:
        - dataset: students
          names: ["Pathways_Students*"]
          columns:
            - {column: "Student ID", field: student_id}
            - {column: "Last Name", field: last_name}
            - {column: "First Name", field: first_name}
            - {column: "DOB", field: birth_date}
            - {column: "Sex", field: gender, values: {"1": M, "2": F, "3": X, "Male": M}}
            - {column: "Grade", field: grade_level}
            - {column: "Building", field: campus_id}
            - {column: "Status", field: enrollment_status, values: {Active: A, Inactive: I, Withdrawn: W, A: A}}
            - {column: "Entered", field: entry_date, format: "yyyyMMdd"}
            - Homeroom
            - {column: "Endorsements", field: endorsements, values: {S: STEM, B: BI, P: PS, H: AH, M: MD}}
            - {column: "Weighted GPA", field: gpa_weighted}
        - dataset: course_crosswalk
          names: ["Courses*"]
          header: false
          columns: [local_course_id, course_name, state_course_code, credits]
        - dataset: grades
          part: history
          names: ["Grades_Hist*"]
          delimiter: "|"
          scope: {grade_status: FINAL}
          columns:
            - student_id
            - {column: "Year", field: school_year, transform: school-year-start}
            - term
            - local_course_id
            - campus_id
            - numeric_grade
            - credits_attempted
            - credits_earned
        - dataset: gpa
          names: ["GPA_*"]
          constants: {gpa_type: WEIGHTED}
          columns: [student_id, gpa_value]
      """;

  @Test
  void aNativeProfileGetsItsOwnNamesCodesDatesAndScope() throws IOException {
    Profile profile =
        ProfileReader.read(
            new ByteArrayInputStream(NATIVE_PROFILE.getBytes(StandardCharsets.UTF_8)), "test");
    GeneratedDistrict d = new DistrictGenerator(State.TX, 120, 9L, FALL).generate();
    GenerateSummary summary = new NativeWriter("_0101").write(profile, d, dir);

    assertThat(summary.files())
        .extracting(GenerateSummary.WrittenFile::fileName)
        .containsExactly(
            "Pathways_Students_0101.csv",
            "Courses_0101.csv",
            "Grades_Hist_0101.txt",
            "GPA__0101.csv");

    // Reading each file back with the profile's own rules gives the canonical rows again.
    for (FileSpec spec : profile.files()) {
      GenerateSummary.WrittenFile file =
          summary.files().stream()
              .filter(f -> f.dataSet() == spec.dataSet())
              .findFirst()
              .orElseThrow();
      String text = Files.readString(dir.resolve(file.fileName()), StandardCharsets.UTF_8);
      List<List<String>> records = parse(text, profile.delimiterOf(spec));
      if (spec.header()) {
        assertThat(records.get(0))
            .isEqualTo(spec.columns().stream().map(ColumnSpec::column).toList());
        records = records.subList(1, records.size());
      }
      List<List<String>> expected = new ArrayList<>();
      for (String[] row : collect(d, spec.dataSet())) {
        boolean inScope =
            spec.scope().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(value(row, spec.dataSet(), e.getKey())))
                && spec.constants().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(value(row, spec.dataSet(), e.getKey())));
        if (inScope) {
          expected.add(
              spec.columns().stream()
                  .map(c -> c.ignored() ? "" : orEmpty(value(row, spec.dataSet(), c.field())))
                  .toList());
        }
      }
      List<List<String>> canonical = new ArrayList<>();
      for (List<String> record : records) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
          values.add(toCanonical(profile, spec, spec.columns().get(i), record.get(i)));
        }
        canonical.add(values);
      }
      assertThat(canonical).as(file.fileName()).isEqualTo(expected);
      assertThat(file.rows()).isEqualTo(expected.size());
    }

    String students =
        Files.readString(dir.resolve("Pathways_Students_0101.csv"), StandardCharsets.UTF_8);
    String firstRow = students.lines().skip(1).findFirst().orElseThrow();
    String[] first = collect(d, DataSet.STUDENTS).get(0);
    String birth =
        LocalDate.parse(value(first, DataSet.STUDENTS, "birth_date"))
            .format(DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT));
    assertThat(firstRow).contains("," + birth + ",");
    assertThat(students.lines().skip(1).map(l -> l.split(",")[4]).distinct().toList())
        .allMatch(sex -> sex.equals("1") || sex.equals("2") || sex.equals("3"));
    assertThat(students.lines().skip(1).map(l -> l.split(",")[7]).distinct().toList())
        .contains("A")
        .allMatch(status -> List.of("A", "INACTIVE", "WITHDRAWN").contains(status));

    String courses = Files.readString(dir.resolve("Courses_0101.csv"), StandardCharsets.UTF_8);
    assertThat(courses.lines().findFirst().orElseThrow()).startsWith("0110,");
    assertThat(courses).contains("\"Principles of Business, Marketing, and Finance\"");

    // Final grades of 2023-24 to 2025-26 only, written by the year in which they start.
    String grades = Files.readString(dir.resolve("Grades_Hist_0101.txt"), StandardCharsets.UTF_8);
    assertThat(grades.lines().skip(1).map(l -> l.split("\\|")[1]).distinct().sorted().toList())
        .containsExactly("2023", "2024", "2025");
  }

  /** The reader's rules, as the profile states them: value map, transform, date pattern. */
  private static String toCanonical(Profile profile, FileSpec spec, ColumnSpec c, String raw) {
    if (c.ignored() || raw.isEmpty()) {
      return raw;
    }
    String v = c.values().getOrDefault(raw.toUpperCase(Locale.ROOT), raw);
    if (c.transform() != null) {
      v = Transform.byId(c.transform()).orElseThrow().toCanonical(v);
    }
    if (spec.dataSet().field(c.field()).orElseThrow().type() == FieldType.DATE) {
      String pattern = c.format() != null ? c.format() : profile.dateFormats().get(0);
      v = LocalDate.parse(v, DateTimeFormatter.ofPattern(pattern, Locale.ROOT)).toString();
    }
    return v;
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }

  @Test
  void gpaGoesIntoTheStudentsFileWhereTheProfilePutsIt() throws IOException {
    Profile profile =
        ProfileReader.read(
            new ByteArrayInputStream(NATIVE_PROFILE.getBytes(StandardCharsets.UTF_8)), "test");
    GeneratedDistrict d = new DistrictGenerator(State.TX, 120, 9L, FALL).generate();
    new NativeWriter("").write(profile, d, dir);
    List<List<String>> rows =
        parse(Files.readString(dir.resolve("Pathways_Students.csv"), StandardCharsets.UTF_8), ',');
    int column = rows.get(0).indexOf("Weighted GPA");
    assertThat(rows.subList(1, rows.size()).stream().map(r -> r.get(column)))
        .anyMatch(gpa -> gpa.matches("\\d\\.\\d{3}"));
  }

  @Test
  void fileNamesComeFromTheFirstPattern() {
    NativeWriter writer = new NativeWriter("_X");
    assertThat(writer.fileName(spec("grades_history*"), '|')).isEqualTo("grades_history_X.txt");
    assertThat(writer.fileName(spec("*students*"), ',')).isEqualTo("students_X.csv");
    assertThat(writer.fileName(spec("Stu?ents"), '\t')).isEqualTo("Stu0ents.txt");
    assertThat(writer.fileName(spec("[Ss]tudents*"), ',')).isEqualTo("Students_X.csv");
    assertThat(writer.fileName(spec("{students,pupils}*"), '|')).isEqualTo("students_X.txt");
  }

  private static FileSpec spec(String name) {
    return new FileSpec(
        DataSet.STUDENTS,
        null,
        List.of(name),
        true,
        null,
        List.of(new ColumnSpec("student_id", "student_id", Map.of(), null, null)),
        Map.of(),
        Map.of());
  }

  @Test
  void aProfileOfAnotherStateIsRefused() throws IOException {
    Profile profile =
        ProfileReader.read(
            new ByteArrayInputStream(NATIVE_PROFILE.getBytes(StandardCharsets.UTF_8)), "test");
    GeneratedDistrict indiana = new DistrictGenerator(State.IN, 20, 1L, FALL).generate();
    assertThatThrownBy(() -> new NativeWriter("").write(profile, indiana, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test-native")
        .hasMessageContaining("IN");
  }
}
