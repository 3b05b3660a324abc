package org.pathways.hub.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathways.hub.generate.TestRows.collect;
import static org.pathways.hub.generate.TestRows.value;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.State;

class DistrictGeneratorTest {

  private static final LocalDate FALL = LocalDate.of(2026, Month.NOVEMBER, 28);

  private static final Map<State, GeneratedDistrict> DISTRICTS = new EnumMap<>(State.class);

  /** A district of 1,500 students per state, generated once for the checks that only read it. */
  private static synchronized GeneratedDistrict district(State state) {
    return DISTRICTS.computeIfAbsent(
        state, s -> new DistrictGenerator(s, 1500, 20261128L, FALL).generate());
  }

  @Test
  void theSameSeedGivesTheSameDistrictAndAnotherSeedAnother() {
    GeneratedDistrict a = new DistrictGenerator(State.TX, 300, 7L, FALL).generate();
    GeneratedDistrict b = new DistrictGenerator(State.TX, 300, 7L, FALL).generate();
    GeneratedDistrict c = new DistrictGenerator(State.TX, 300, 8L, FALL).generate();
    for (DataSet ds : DataSet.values()) {
      List<String[]> rowsA = collect(a, ds);
      assertThat(collect(b, ds)).as(ds.id()).containsExactlyElementsOf(rowsA);
      // Streaming again replays the same rows: the grades are regenerated, not stored.
      assertThat(collect(a, ds)).as(ds.id()).containsExactlyElementsOf(rowsA);
    }
    assertThat(
            Arrays.deepEquals(
                collect(a, DataSet.STUDENTS).toArray(), collect(c, DataSet.STUDENTS).toArray()))
        .isFalse();
  }

  @Test
  void fiftyStudentsMakeASmallWholeDistrict() {
    GeneratedDistrict d = new DistrictGenerator(State.TX, 50, 1L, FALL).generate();

    assertThat(d.studentCount()).isEqualTo(50);
    assertThat(d.schoolYear()).isEqualTo(2027);
    assertThat(d.districtId()).matches("\\d{6}");
    assertThat(d.code()).matches("[a-z0-9][a-z0-9-]{1,39}");
    assertThat(d.campuses()).hasSize(2);
    assertThat(d.campuses().get(0).id()).isEqualTo(d.districtId() + "001");
    assertThat(d.campuses().get(0).highSchool()).isTrue();
    assertThat(d.campuses().get(1).id()).isEqualTo(d.districtId() + "041");
    assertThat(d.count(DataSet.STUDENTS)).isEqualTo(50);
    assertThat(d.count(DataSet.TEACHERS)).isGreaterThanOrEqualTo(2L * 9);
    assertThat(d.count(DataSet.USERS)).isGreaterThanOrEqualTo(5);
    assertThat(d.count(DataSet.COURSE_CROSSWALK)).isGreaterThan(100);
    assertThat(d.count(DataSet.COURSE_REQUESTS)).isGreaterThan(50L * 5);

    List<String[]> students = collect(d, DataSet.STUDENTS);
    long highSchool =
        students.stream()
            .filter(s -> value(s, DataSet.STUDENTS, "grade_level").compareTo("09") >= 0)
            .count();
    long withGpa =
        students.stream().filter(s -> value(s, DataSet.STUDENTS, "gpa_weighted") != null).count();
    assertThat(d.count(DataSet.GPA)).isEqualTo(2 * withGpa);
    // Four school years of two semesters of six to eight courses.
    double perHighSchooler = (double) d.count(DataSet.GRADES) / highSchool;
    assertThat(perHighSchooler).isBetween(30.0, 60.0);
  }

  @Test
  void gradesAverageAboutFortyRowsPerStudent() {
    GeneratedDistrict d = district(State.TX);
    double perStudent = (double) d.count(DataSet.GRADES) / d.studentCount();
    assertThat(perStudent).isBetween(34.0, 46.0);
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void everyValueHasItsFieldsTypeAndCode(State state) {
    GeneratedDistrict d = district(state);
    for (DataSet ds : DataSet.values()) {
      List<Field> fields = ds.fields();
      d.forEach(
          ds,
          row -> {
            assertThat(row).hasSize(fields.size());
            for (int i = 0; i < fields.size(); i++) {
              Field f = fields.get(i);
              String v = row[i];
              String where = ds.id() + "." + f.name() + " = '" + v + "'";
              if (f.required()) {
                assertThat(v).as(where).isNotBlank();
              }
              if (v == null) {
                continue;
              }
              assertThat(v).as(where).isNotBlank().isEqualTo(v.strip());
              assertThat(v).as(where).doesNotContain("|", "\n", "\r", "\"");
              assertType(f, v, where);
            }
          });
    }
  }

  private static void assertType(Field f, String v, String where) {
    switch (f.type()) {
      case CODE -> {
        if (!f.codes().isEmpty()) {
          assertThat(f.codes()).as(where).contains(v);
        }
      }
      case LIST -> {
        if (!f.codes().isEmpty()) {
          assertThat(f.codes()).as(where).containsAll(List.of(v.split(";", -1)));
        }
      }
      case DATE -> assertThat(isIsoDate(v)).as(where).isTrue();
      case FLAG -> assertThat(v).as(where).isIn("Y", "N");
      case INTEGER -> assertThat(v).as(where).matches("\\d+");
      case SCHOOL_YEAR -> assertThat(v).as(where).matches("20\\d\\d");
      case DECIMAL -> assertThat(new BigDecimal(v).signum()).as(where).isGreaterThanOrEqualTo(0);
      case TEXT, ID -> assertThat(v).as(where).isNotEmpty();
    }
  }

  private static boolean isIsoDate(String v) {
    try {
      return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).toString().equals(v);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void keysAreUniqueInEveryDataSet(State state) {
    GeneratedDistrict d = district(state);
    for (DataSet ds : DataSet.values()) {
      int[] keys = ds.keyFields().stream().mapToInt(k -> ds.indexOf(k.name())).toArray();
      Set<String> seen = new HashSet<>();
      List<String> duplicates = new ArrayList<>();
      d.forEach(
          ds,
          row -> {
            String key =
                Arrays.stream(keys)
                    .mapToObj(i -> String.valueOf(row[i]))
                    .collect(Collectors.joining("|"));
            if (!seen.add(key)) {
              duplicates.add(key);
            }
          });
      assertThat(duplicates).as(ds.id()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void referencesResolveWithinTheDistrict(State state) {
    GeneratedDistrict d = district(state);
    Set<String> students = ids(d, DataSet.STUDENTS, "student_id");
    Set<String> courses = ids(d, DataSet.COURSE_CROSSWALK, "local_course_id");
    Set<String> staff = ids(d, DataSet.TEACHERS, "teacher_id");
    Set<String> campuses = d.campuses().stream().map(Campus::id).collect(Collectors.toSet());
    for (DataSet ds : List.of(DataSet.GRADES, DataSet.GPA, DataSet.IBC, DataSet.COURSE_REQUESTS)) {
      assertThat(ids(d, ds, "student_id")).as(ds.id()).isSubsetOf(students);
    }
    assertThat(ids(d, DataSet.GRADES, "local_course_id")).isSubsetOf(courses);
    assertThat(ids(d, DataSet.COURSE_REQUESTS, "local_course_id")).isSubsetOf(courses);
    assertThat(ids(d, DataSet.GRADES, "teacher_id")).isSubsetOf(staff);
    assertThat(ids(d, DataSet.STUDENTS, "counselor_id")).isSubsetOf(staff);
    assertThat(ids(d, DataSet.USERS, "staff_id")).isSubsetOf(staff);
    assertThat(ids(d, DataSet.STUDENTS, "campus_id")).isSubsetOf(campuses);
    assertThat(ids(d, DataSet.TEACHERS, "campus_id")).isSubsetOf(campuses);
    assertThat(ids(d, DataSet.GRADES, "campus_id")).isSubsetOf(campuses);
  }

  private static Set<String> ids(GeneratedDistrict d, DataSet ds, String field) {
    Set<String> out = new HashSet<>();
    int i = ds.indexOf(field);
    d.forEach(
        ds,
        row -> {
          if (row[i] != null) {
            out.add(row[i]);
          }
        });
    return out;
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void creditsAndGradesAddUp(State state) {
    GeneratedDistrict d = district(state);
    Map<String, Long> byResult = new HashMap<>();
    d.forEach(
        DataSet.GRADES,
        row -> {
          BigDecimal attempted = new BigDecimal(value(row, DataSet.GRADES, "credits_attempted"));
          BigDecimal earned = new BigDecimal(value(row, DataSet.GRADES, "credits_earned"));
          int numeric = Integer.parseInt(value(row, DataSet.GRADES, "numeric_grade"));
          String status = value(row, DataSet.GRADES, "grade_status");
          assertThat(earned).isLessThanOrEqualTo(attempted);
          assertThat(numeric).isBetween(0, 100);
          assertThat(value(row, DataSet.GRADES, "letter_grade")).isNotBlank();
          if ("IN_PROGRESS".equals(status)) {
            assertThat(earned.signum()).isZero();
          }
          String result = value(row, DataSet.GRADES, "course_attempt_result");
          byResult.merge(String.valueOf(result), 1L, Long::sum);
          if (state == State.TX && "FINAL".equals(status)) {
            assertThat(result).isIn("01", "02", "13", "14");
            if (result.equals("02") || result.equals("14")) {
              assertThat(earned.signum()).isZero();
            }
          } else {
            assertThat(result).isNull();
          }
        });
    if (state == State.TX) {
      assertThat(byResult).containsKeys("01", "02", "13");
    }
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void gpaStaysWithinItsScaleAndRanksWithinTheClass(State state) {
    GeneratedDistrict d = district(state);
    Set<String> types = new HashSet<>();
    d.forEach(
        DataSet.GPA,
        row -> {
          BigDecimal value = new BigDecimal(value(row, DataSet.GPA, "gpa_value"));
          BigDecimal scale = new BigDecimal(value(row, DataSet.GPA, "gpa_scale"));
          assertThat(value).isBetween(BigDecimal.ZERO, scale);
          int rank = Integer.parseInt(value(row, DataSet.GPA, "class_rank"));
          int size = Integer.parseInt(value(row, DataSet.GPA, "class_size"));
          assertThat(rank).isBetween(1, size);
          types.add(value(row, DataSet.GPA, "gpa_type"));
        });
    assertThat(types).containsExactlyInAnyOrder("WEIGHTED", "UNWEIGHTED");
    d.forEach(
        DataSet.STUDENTS,
        row -> {
          String weighted = value(row, DataSet.STUDENTS, "gpa_weighted");
          if (weighted != null) {
            assertThat(new BigDecimal(weighted)).isBetween(BigDecimal.ZERO, new BigDecimal(5));
            assertThat(Integer.parseInt(value(row, DataSet.STUDENTS, "class_rank")))
                .isLessThanOrEqualTo(Integer.parseInt(value(row, DataSet.STUDENTS, "class_size")));
          }
        });
  }

  @Test
  void texasIdentifiersHaveTheirShapes() throws IOException {
    GeneratedDistrict d = district(State.TX);
    assertThat(ids(d, DataSet.STUDENTS, "state_student_id"))
        .allMatch(id -> id.matches("[1-9]\\d{9}"));
    assertThat(d.campuses()).allMatch(c -> c.id().matches(d.districtId() + "\\d{3}"));
    assertThat(d.campuses().stream().filter(Campus::highSchool).map(Campus::id))
        .allMatch(id -> Integer.parseInt(id.substring(6)) <= 40);
    assertThat(d.campuses().stream().filter(c -> !c.highSchool()).map(Campus::id))
        .allMatch(id -> Integer.parseInt(id.substring(6)) >= 41);
    assertThat(ids(d, DataSet.COURSE_CROSSWALK, "state_course_code"))
        .allMatch(code -> code.matches("[A-Z0-9]{8}"));
    assertThat(ids(d, DataSet.STUDENTS, "graduation_plan"))
        .containsExactlyInAnyOrder("FHSP", "FHSP-E", "FHSP-DLA");
    assertThat(ids(d, DataSet.STUDENTS, "fafsa_status")).containsExactlyInAnyOrder("C", "N", "O");

    Set<String> teaCodes = teaIbcCodes();
    Set<String> earned = ids(d, DataSet.IBC, "ibc_code");
    assertThat(earned).isNotEmpty().isSubsetOf(teaCodes);
    assertThat(ids(d, DataSet.GRADES, "credits_attempted")).containsExactlyInAnyOrder("0.5", "0");
    d.forEach(
        DataSet.IBC,
        row -> assertThat(LocalDate.parse(value(row, DataSet.IBC, "date_earned"))).isBefore(FALL));
  }

  private static Set<String> teaIbcCodes() throws IOException {
    try (InputStream in =
        DistrictGeneratorTest.class
            .getClassLoader()
            .getResourceAsStream("reference/tx/tx-ibc-codes.csv")) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith("PostSecondaryCertificationLicensureDescriptor,"))
          .map(l -> l.split(",")[1])
          .collect(Collectors.toSet());
    }
  }

  @Test
  void indianaIdentifiersHaveTheirShapes() {
    GeneratedDistrict d = district(State.IN);
    Set<String> stns = ids(d, DataSet.STUDENTS, "state_student_id");
    assertThat(stns).hasSize(d.studentCount()).allMatch(id -> id.matches("\\d{9}"));
    // One in ten starts with a zero, the digit spreadsheets drop.
    assertThat(stns.stream().filter(id -> id.startsWith("0")).count()).isGreaterThan(50);
    assertThat(d.districtId()).matches("\\d{4}");
    assertThat(d.campuses()).allMatch(c -> c.id().matches("\\d{4}"));
    assertThat(ids(d, DataSet.COURSE_CROSSWALK, "state_course_code"))
        .allMatch(code -> code.matches("\\d{4}"));
    assertThat(ids(d, DataSet.GRADES, "credits_attempted")).containsExactlyInAnyOrder("1", "0");
    assertThat(d.count(DataSet.IBC)).isZero();
    assertThat(ids(d, DataSet.STUDENTS, "endorsements")).isEmpty();
    d.forEach(
        DataSet.STUDENTS,
        row -> {
          String plan = value(row, DataSet.STUDENTS, "graduation_plan");
          int year = Integer.parseInt(value(row, DataSet.STUDENTS, "graduation_year"));
          if (plan != null) {
            assertThat(plan.equals("IN-DIPLOMA")).isEqualTo(year >= 2029);
          }
        });
    assertThat(ids(d, DataSet.STUDENTS, "graduation_plan"))
        .contains("CORE40", "CORE40-AHD", "IN-DIPLOMA");
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void studentsAreMostlyActiveHighSchoolersOfTheRightAge(State state) {
    GeneratedDistrict d = district(state);
    Map<String, Integer> byGrade = new HashMap<>();
    Map<String, Integer> byStatus = new HashMap<>();
    LocalDate cutoff = LocalDate.of(d.schoolYear() - 1, Month.SEPTEMBER, 1);
    d.forEach(
        DataSet.STUDENTS,
        row -> {
          String grade = value(row, DataSet.STUDENTS, "grade_level");
          byGrade.merge(grade, 1, Integer::sum);
          byStatus.merge(value(row, DataSet.STUDENTS, "enrollment_status"), 1, Integer::sum);
          int age =
              Period.between(LocalDate.parse(value(row, DataSet.STUDENTS, "birth_date")), cutoff)
                  .getYears();
          assertThat(age).isBetween(Integer.parseInt(grade) + 5, Integer.parseInt(grade) + 6);
          assertThat(Integer.parseInt(value(row, DataSet.STUDENTS, "graduation_year")))
              .isEqualTo(d.schoolYear() + 12 - Integer.parseInt(grade));
          String withdrawn = value(row, DataSet.STUDENTS, "withdrawal_date");
          if (withdrawn != null) {
            assertThat(withdrawn)
                .isGreaterThan(value(row, DataSet.STUDENTS, "entry_date"))
                .isLessThan(FALL.toString());
          }
        });
    assertThat(byGrade.keySet())
        .containsExactlyInAnyOrder("06", "07", "08", "09", "10", "11", "12");
    int highSchool = byGrade.get("09") + byGrade.get("10") + byGrade.get("11") + byGrade.get("12");
    assertThat(highSchool).isGreaterThan(d.studentCount() * 3 / 4);
    assertThat(byStatus.get("A")).isGreaterThan(d.studentCount() * 9 / 10);
  }

  @Test
  void inTheFallOnlyTheFirstSemesterIsInProgress() {
    GeneratedDistrict d = district(State.TX);
    Map<String, Long> byYearTermStatus = new HashMap<>();
    d.forEach(
        DataSet.GRADES,
        row ->
            byYearTermStatus.merge(
                value(row, DataSet.GRADES, "school_year")
                    + " "
                    + value(row, DataSet.GRADES, "term")
                    + " "
                    + value(row, DataSet.GRADES, "grade_status"),
                1L,
                Long::sum));
    assertThat(byYearTermStatus.keySet())
        .contains(
            "2024 S1 FINAL",
            "2024 S2 FINAL",
            "2025 S1 FINAL",
            "2026 S2 FINAL",
            "2027 S1 IN_PROGRESS")
        .noneMatch(k -> k.startsWith("2027 S2"))
        .noneMatch(k -> k.startsWith("2027 S1 FINAL"))
        .noneMatch(k -> k.compareTo("2027") < 0 && k.endsWith("IN_PROGRESS"))
        .noneMatch(k -> k.compareTo("2023") < 0);
    assertThat(ids(d, DataSet.COURSE_REQUESTS, "school_year")).containsExactly("2028");
    assertThat(ids(d, DataSet.GPA, "as_of_date")).containsExactly("2026-05-29");
  }

  @Test
  void studentsWhoLeftHaveNoGradesForTheSemesterTheyLeftNorRequests() {
    GeneratedDistrict d = district(State.TX);
    Set<String> left = new HashSet<>();
    d.forEach(
        DataSet.STUDENTS,
        row -> {
          if (!"A".equals(value(row, DataSet.STUDENTS, "enrollment_status"))) {
            left.add(value(row, DataSet.STUDENTS, "student_id"));
          }
        });
    assertThat(left).isNotEmpty();
    d.forEach(
        DataSet.GRADES,
        row -> {
          if (left.contains(value(row, DataSet.GRADES, "student_id"))) {
            assertThat(value(row, DataSet.GRADES, "school_year")).isNotEqualTo("2027");
          }
        });
    assertThat(ids(d, DataSet.COURSE_REQUESTS, "student_id")).doesNotContainAnyElementsOf(left);
  }

  @Test
  void inTheSpringTheFallIsFinalAndInTheSummerNothingIsInProgress() {
    GeneratedDistrict spring =
        new DistrictGenerator(State.IN, 200, 3L, LocalDate.of(2027, Month.MARCH, 1)).generate();
    Set<String> springTerms = new HashSet<>();
    spring.forEach(
        DataSet.GRADES,
        row -> {
          if ("2027".equals(value(row, DataSet.GRADES, "school_year"))) {
            springTerms.add(
                value(row, DataSet.GRADES, "term")
                    + " "
                    + value(row, DataSet.GRADES, "grade_status"));
          }
        });
    assertThat(springTerms).containsExactlyInAnyOrder("S1 FINAL", "S2 IN_PROGRESS");

    GeneratedDistrict summer =
        new DistrictGenerator(State.IN, 200, 3L, LocalDate.of(2027, Month.JULY, 1)).generate();
    assertThat(summer.schoolYear()).isEqualTo(2027);
    assertThat(ids(summer, DataSet.GRADES, "grade_status")).containsExactly("FINAL");
    assertThat(ids(summer, DataSet.COURSE_REQUESTS, "school_year")).containsExactly("2028");
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> new DistrictGenerator(State.TX, 0, 1L, FALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 0");
    assertThatThrownBy(() -> new DistrictGenerator(null, 10, 1L, FALL))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void twentyThousandStudentsGenerateAndStreamInAFewSeconds() {
    long start = System.nanoTime();
    GeneratedDistrict d = new DistrictGenerator(State.TX, 20_000, 99L, FALL).generate();
    long rows = 0;
    for (DataSet ds : DataSet.values()) {
      rows += d.count(ds);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(d.count(DataSet.STUDENTS)).isEqualTo(20_000);
    assertThat(rows).isGreaterThan(20_000L * 40);
    // A few seconds on a developer machine; the bound leaves room for a busy build server.
    assertThat(seconds).as("seconds to generate and stream %d rows", rows).isLessThan(30);
  }
}
