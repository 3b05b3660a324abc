package org.pathways.hub.profile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.State;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;

/**
 * The built-in profiles: that they load, what each SIS sends, and that the fixture district of
 * every profile is named and shaped the way its profile says.
 */
class ProfileCatalogTest {

  private static final ProfileCatalog CATALOG = new ProfileCatalog();

  private static final List<String> TEXAS =
      List.of("ascender-tx", "cognos-tx", "powerschool-tx", "skyward-q-tx", "skyward-sms-tx");
  private static final List<String> INDIANA =
      List.of("harmony-in", "powerschool-in", "skyward-q-in", "skyward-sms-in");

  static List<String> profileIds() {
    return ProfileCatalog.BUILT_IN;
  }

  static Stream<String> profilesOfSisThatSendEveryDataSet() {
    return Stream.concat(TEXAS.stream(), INDIANA.stream()).filter(id -> !id.equals("harmony-in"));
  }

  @Test
  void everyBuiltInProfileLoadsUnderItsOwnId() {
    assertThat(CATALOG.all())
        .extracting(Profile::id)
        .containsExactlyElementsOf(ProfileCatalog.BUILT_IN);
    assertThat(TEXAS.size() + INDIANA.size() + 1).isEqualTo(ProfileCatalog.BUILT_IN.size());
    assertThatThrownBy(() -> CATALOG.get("infinite-campus-tx"))
        .isInstanceOf(ProfileException.class)
        .hasMessageContaining("infinite-campus-tx");
  }

  @Test
  void eachProfileServesOnlyItsState() {
    assertThat(CATALOG.get("standard").states()).containsExactlyInAnyOrder(State.TX, State.IN);
    TEXAS.forEach(id -> assertThat(CATALOG.get(id).states()).as(id).containsExactly(State.TX));
    INDIANA.forEach(id -> assertThat(CATALOG.get(id).states()).as(id).containsExactly(State.IN));
  }

  @Test
  void texasProfilesExpectIbcAndIndianaProfilesDoNot() {
    TEXAS.forEach(id -> assertThat(CATALOG.get(id).expects(DataSet.IBC)).as(id).isTrue());
    INDIANA.forEach(id -> assertThat(CATALOG.get(id).expects(DataSet.IBC)).as(id).isFalse());
  }

  @Test
  void harmonySendsStudentsAndGradesOnly() {
    Profile harmony = CATALOG.get("harmony-in");

    assertThat(EnumSet.allOf(DataSet.class).stream().filter(harmony::expects))
        .containsExactly(DataSet.STUDENTS, DataSet.GRADES);
  }

  @ParameterizedTest
  @MethodSource("profilesOfSisThatSendEveryDataSet")
  void everySisButHarmonySendsEveryDataSetWithGpaAsAFileOrInsideStudents(String id) {
    Profile p = CATALOG.get(id);

    for (DataSet ds :
        List.of(
            DataSet.STUDENTS,
            DataSet.TEACHERS,
            DataSet.USERS,
            DataSet.COURSE_CROSSWALK,
            DataSet.GRADES,
            DataSet.COURSE_REQUESTS)) {
      assertThat(p.expects(ds)).as(id + " sends " + ds).isTrue();
    }
    assertThat(p.expects(DataSet.GPA) || carriesGpa(p.file(DataSet.STUDENTS, null).orElseThrow()))
        .as(id + " sends GPA")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ascender-tx", "skyward-q-in", "skyward-q-tx", "harmony-in"})
  void someSisSendGpaAndRankInsideTheStudentsFile(String id) {
    Profile p = CATALOG.get(id);

    FileSpec students = p.file(DataSet.STUDENTS, null).orElseThrow();
    assertThat(carriesGpa(students)).isTrue();
    assertThat(students.columnFor("class_rank")).isPresent();
    assertThat(students.columnFor("class_size")).isPresent();
    assertThat(p.expects(DataSet.GPA)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "standard",
        "ascender-tx",
        "powerschool-in",
        "powerschool-tx",
        "skyward-sms-in",
        "skyward-sms-tx"
      })
  void gradesComeInTwoPartsEachScopedToItsStatus(String id) {
    Profile p = CATALOG.get(id);

    assertThat(p.file(DataSet.GRADES, "history").orElseThrow().scope())
        .isEqualTo(Map.of("grade_status", "FINAL"));
    assertThat(p.file(DataSet.GRADES, "current").orElseThrow().scope())
        .isEqualTo(Map.of("grade_status", "IN_PROGRESS"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"skyward-sms-in", "skyward-sms-tx"})
  void skywardSmsCrosswalkHasNoHeaderWhileItsOtherFilesHaveOne(String id) {
    Profile p = CATALOG.get(id);

    assertThat(p.file(DataSet.COURSE_CROSSWALK, null).orElseThrow().header()).isFalse();
    assertThat(p.file(DataSet.STUDENTS, null).orElseThrow().header()).isTrue();
    assertThat(p.files())
        .filteredOn(f -> f.dataSet() != DataSet.COURSE_CROSSWALK)
        .allMatch(FileSpec::header);
  }

  @ParameterizedTest
  @MethodSource("profileIds")
  void everyFixtureFileMatchesExactlyOneFileSpecByName(String id) throws IOException {
    Profile p = CATALOG.get(id);

    for (Expected e : expected(id)) {
      List<FileSpec> matches = matching(p, e.fileName());
      assertThat(matches).as(e.fileName()).isNotEmpty();
      assertThat(matches.get(0).dataSet()).as(e.fileName()).isEqualTo(e.dataSet());
      assertThat(matches.get(0).part()).as(e.fileName()).isEqualTo(e.part());
      // A part file may also fit its own data set's whole-file pattern, listed after it.
      assertThat(matches.subList(1, matches.size()))
          .as(e.fileName() + " matches only one file spec")
          .allMatch(f -> f.dataSet() == e.dataSet() && f.part() == null && e.part() != null);
    }
  }

  @ParameterizedTest
  @MethodSource("profileIds")
  void fixtureDistrictHasOneFilePerFileSpecInTheNativeShape(String id) throws IOException {
    Profile p = CATALOG.get(id);
    List<Expected> expected = expected(id);

    assertThat(fixtureFiles(id))
        .as("fixture files of " + id)
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Expected::fileName).toList());
    Set<FileSpec> covered = new HashSet<>();
    for (Expected e : expected) {
      FileSpec spec = matching(p, e.fileName()).get(0);
      covered.add(spec);
      List<RawRecord> records = read(id, e.fileName(), p.delimiterOf(spec));
      assertThat(records).as(e.fileName()).noneMatch(RawRecord::isBroken);
      int width = spec.columns().size();
      if (spec.header()) {
        List<String> header = records.remove(0).fields();
        assertHeaderFits(spec, header, e.fileName());
        width = header.size();
      }
      assertThat(records).as(e.fileName() + " data rows").hasSize(e.rows());
      int w = width;
      assertThat(records)
          .as(e.fileName() + " rows have " + w + " fields")
          .allMatch(r -> r.fields().size() == w);
    }
    for (FileSpec f : p.files()) {
      boolean partsCovered =
          f.part() == null
              && covered.stream().anyMatch(c -> c.dataSet() == f.dataSet() && c.part() != null);
      assertThat(covered.contains(f) || partsCovered)
          .as(id + " has a fixture for " + f.label())
          .isTrue();
    }
  }

  @Test
  void districtOverrideRenamesAColumnAndChangesDelimiters() {
    Profile base = CATALOG.get("ascender-tx");
    String yaml =
        """
        delimiter: ";"
        tolerance: SKIP_ROWS
        files:
          - dataset: students
            names: [PHISD_STUDENTS*]
            delimiter: ","
            rename: {STU_ID: STUDENT_NBR, HOMEROOM: HR}
          - dataset: grades
            part: history
            delimiter: tab
        """;

    Profile p = ProfileReader.override(base, stream(yaml), "district 255902 override");

    assertThat(p.id()).isEqualTo("ascender-tx");
    assertThat(p.tolerance()).isEqualTo(Tolerance.SKIP_ROWS);
    FileSpec students = p.file(DataSet.STUDENTS, null).orElseThrow();
    FileSpec baseStudents = base.file(DataSet.STUDENTS, null).orElseThrow();
    assertThat(students.names()).containsExactly("PHISD_STUDENTS*");
    assertThat(students.columnFor("student_id").orElseThrow().column()).isEqualTo("STUDENT_NBR");
    assertThat(students.columns())
        .extracting(ColumnSpec::column)
        .contains("HR")
        .doesNotContain("STU_ID", "HOMEROOM");
    assertThat(students.columns()).hasSameSizeAs(baseStudents.columns());
    assertThat(students.columnFor("student_id").orElseThrow().field()).isEqualTo("student_id");
    assertThat(p.delimiterOf(students)).isEqualTo(',');
    assertThat(p.delimiterOf(p.file(DataSet.GRADES, "history").orElseThrow())).isEqualTo('\t');
    assertThat(p.delimiterOf(p.file(DataSet.TEACHERS, null).orElseThrow())).isEqualTo(';');
    assertThat(p.file(DataSet.TEACHERS, null)).isEqualTo(base.file(DataSet.TEACHERS, null));
    assertThat(base.delimiterOf(baseStudents))
        .as("the built-in profile is unchanged")
        .isEqualTo('|');
    assertThat(baseStudents.columnFor("student_id").orElseThrow().column()).isEqualTo("STU_ID");
  }

  @Test
  void districtOverrideMayRenameAColumnWithoutTouchingTheDelimiter() {
    String yaml =
        """
        files:
          - dataset: students
            rename: {STU_ID: STUDENT_NBR}
        """;

    Profile p = ProfileReader.override(CATALOG.get("ascender-tx"), stream(yaml), "override");

    FileSpec students = p.file(DataSet.STUDENTS, null).orElseThrow();
    assertThat(students.columnFor("student_id").orElseThrow().column()).isEqualTo("STUDENT_NBR");
    assertThat(p.delimiterOf(students)).isEqualTo('|');
  }

  @Test
  void overrideThatRenamesAColumnTheProfileDoesNotHaveIsRefused() {
    String yaml =
        """
        files:
          - dataset: students
            rename: {STUDENT_NUMBER: STU_ID}
        """;

    assertThatThrownBy(
            () -> ProfileReader.override(CATALOG.get("ascender-tx"), stream(yaml), "override"))
        .isInstanceOf(ProfileException.class)
        .hasMessageContaining("STUDENT_NUMBER");
  }

  static Stream<Arguments> profilesWithAnUnknownKey() {
    String columns = "- {STU_ID: teacher_id}";
    return Stream.of(
        Arguments.of("delimeter", "delimeter: \",\"\n" + profileYaml("columns", columns)),
        Arguments.of("colums", profileYaml("colums", columns)),
        Arguments.of("feild", profileYaml("columns", "- {column: STU_ID, feild: teacher_id}")));
  }

  @ParameterizedTest
  @MethodSource("profilesWithAnUnknownKey")
  void unknownKeyInAProfileIsRefusedWithItsName(String unknown, String yaml) {
    assertThatThrownBy(() -> ProfileReader.read(stream(yaml), "broken.yaml"))
        .isInstanceOf(ProfileException.class)
        .hasMessageContaining("broken.yaml")
        .hasMessageContaining("unknown key '" + unknown + "'");
  }

  @Test
  void globMatchesCaseInsensitivelyTheNameWithoutDirectoryAndExtensions() {
    assertThat(baseName("inbox/PW_Students_20261128.csv.gz")).isEqualTo("PW_Students_20261128");
    assertThat(baseName("com.pathways.hub.students.csv")).isEqualTo("com.pathways.hub.students");
    assertThat(globMatches("PW_Students*", "pw_students_20261128")).isTrue();
    assertThat(globMatches("PW_Students*", "PW_Student")).isFalse();
    assertThat(globMatches("Pathways*Course*Requests*", "Pathways - Course Requests-en-us"))
        .isTrue();
    assertThat(globMatches("com.pathways.hub.ibc*", "comXpathwaysXhubXibc")).isFalse();
  }

  // --- helpers ---

  private static String profileYaml(String columnsKey, String column) {
    return """
        id: broken
        name: Broken
        states: [TX]
        files:
          - dataset: teachers
            names: [staff*]
            %s:
              %s
        """
        .formatted(columnsKey, column);
  }

  private static boolean carriesGpa(FileSpec students) {
    return students.columnFor("gpa_weighted").isPresent()
        || students.columnFor("gpa_unweighted").isPresent();
  }

  private static void assertHeaderFits(FileSpec spec, List<String> header, String fileName) {
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    spec.columns().forEach(c -> known.add(c.column()));
    Set<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    header.forEach(h -> present.add(h.strip()));
    assertThat(present).as(fileName + " has no unknown column").isSubsetOf(known);
    for (Field field : spec.dataSet().fields()) {
      if (field.required()
          && !spec.scope().containsKey(field.name())
          && !spec.constants().containsKey(field.name())) {
        String column = spec.columnFor(field.name()).orElseThrow().column();
        assertThat(present).as(fileName + " has the required column " + column).contains(column);
      }
    }
  }

  /** The file specs whose names match, in profile order: the first one wins. */
  private static List<FileSpec> matching(Profile p, String fileName) {
    String name = baseName(fileName);
    List<FileSpec> out = new ArrayList<>();
    for (FileSpec f : p.files()) {
      if (f.names().stream().anyMatch(g -> globMatches(g, name))) {
        out.add(f);
      }
    }
    return out;
  }

  /** {@code *} matches any run of characters; everything else is literal; case is ignored. */
  static boolean globMatches(String glob, String name) {
    String regex =
        Stream.of(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
        .matcher(name)
        .matches();
  }

  /** The name without directory and without .gz/.zip and .txt/.csv. */
  static String baseName(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    String previous;
    do {
      previous = name;
      String lower = name.toLowerCase(Locale.ROOT);
      for (String ext : List.of(".gz", ".zip", ".txt", ".csv")) {
        if (lower.endsWith(ext)) {
          name = name.substring(0, name.length() - ext.length());
          break;
        }
      }
    } while (!name.equals(previous));
    return name;
  }

  private record Expected(String fileName, DataSet dataSet, String part, int rows) {}

  private static List<Expected> expected(String id) throws IOException {
    List<Expected> out = new ArrayList<>();
    for (String line : resourceText("fixtures/" + id + "/EXPECTED.txt").split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      assertThat(f).as("EXPECTED.txt line " + line).hasSize(4);
      out.add(
          new Expected(
              f[0],
              DataSet.byId(f[1]).orElseThrow(),
              f[2].equals("-") ? null : f[2],
              Integer.parseInt(f[3])));
    }
    return out;
  }

  private static List<String> fixtureFiles(String id) throws IOException {
    URL dir = Objects.requireNonNull(resource("fixtures/" + id), "fixtures/" + id);
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.equals("EXPECTED.txt"))
          .toList();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<RawRecord> read(String id, String fileName, char delimiter)
      throws IOException {
    List<RawRecord> out = new ArrayList<>();
    try (InputStream in = open("fixtures/" + id + "/" + fileName);
        Reader reader = new InputStreamReader(in, UTF_8)) {
      DelimitedReader records = new DelimitedReader(reader, delimiter, 1 << 16);
      for (RawRecord r = records.next(); r != null; r = records.next()) {
        out.add(r);
      }
    }
    return out;
  }

  private static String resourceText(String name) throws IOException {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static InputStream open(String name) {
    InputStream in = ProfileCatalogTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing test resource " + name));
    }
    return in;
  }

  private static URL resource(String name) {
    return ProfileCatalogTest.class.getClassLoader().getResource(name);
  }

  private static InputStream stream(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(UTF_8));
  }
}
