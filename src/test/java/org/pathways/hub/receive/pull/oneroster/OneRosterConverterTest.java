package org.pathways.hub.receive.pull.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pathways.hub.district.State;
import org.pathways.hub.parse.ArchiveLimits;
import org.pathways.hub.parse.StreamSource;

/** The conversion of OneRoster 1.1 and 1.2 data, from a CSV zip and from the REST binding. */
class OneRosterConverterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);

  static OneRosterCsv csv(byte[] zip) throws IOException {
    StreamSource raw = () -> new ByteArrayInputStream(zip);
    return OneRosterCsv.open("oneroster.zip", raw, ArchiveLimits.DEFAULT);
  }

  static Map<String, String> rowOf(String file, String id) {
    String[] lines = file.split("\n");
    List<String> header = Arrays.asList(lines[0].split("\\|", -1));
    for (String line : lines) {
      String[] f = line.split("\\|", -1);
      if (f[0].equals(id)) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), f[i]);
        }
        return m;
      }
    }
    throw new AssertionError(id + " not in\n" + file);
  }

  private static String students(OneRosterSource source) throws IOException {
    StringWriter out = new StringWriter();
    new OneRosterConverter(State.TX).students(source, out);
    return out.toString();
  }

  private static String teachers(OneRosterSource source) throws IOException {
    StringWriter out = new StringWriter();
    new OneRosterConverter(State.TX).teachers(source, out);
    return out.toString();
  }

  private static String courses(OneRosterSource source) throws IOException {
    StringWriter out = new StringWriter();
    new OneRosterConverter(State.TX).courses(source, out);
    return out.toString();
  }

  @ParameterizedTest
  @EnumSource(OneRoster.Version.class)
  void aCsvZipOfEitherVersionBecomesStudentsTeachersAndCourses(OneRoster.Version v)
      throws IOException {
    TestRoster roster = TestRoster.small(6);
    OneRosterCsv source = csv(roster.zip(v));
    assertThat(source.version()).isEqualTo(v);
    assertConverted(source, v);
  }

  @ParameterizedTest
  @EnumSource(OneRoster.Version.class)
  void theRestBindingOfEitherVersionConvertsAlike(OneRoster.Version v) throws IOException {
    TestRoster roster = TestRoster.small(6);
    try (OneRosterTestServer server = new OneRosterTestServer(roster, v, "hub", "s3cret")) {
      OneRosterClient client =
          new OneRosterClient(
              new OneRosterEndpoint(server.base(), server.tokenUrl(), "hub", "s3cret", v),
              HttpClient.newHttpClient(),
              CLOCK,
              pause -> {},
              4);
      assertConverted(client, v);
    }
  }

  private static void assertConverted(OneRosterSource source, OneRoster.Version v)
      throws IOException {
    String students = students(source);
    assertThat(students.lines().findFirst().orElseThrow())
        .isEqualTo(String.join("|", OneRosterConverter.STUDENT_COLUMNS));
    assertThat(students.lines().count()).isEqualTo(7);
    // identifier is the local id; the birth date and sex come from demographics.
    Map<String, String> s3 = rowOf(students, "000003");
    assertThat(s3)
        .containsEntry("first_name", "Given3")
        .containsEntry("last_name", "Family3")
        .containsEntry("birth_date", "2009-04-04")
        .containsEntry("gender", "M")
        .containsEntry("grade_level", "12")
        .containsEntry("campus_id", "101912002")
        .containsEntry("campus_name", "South High")
        .containsEntry("student_email", "s3@test.example")
        .containsEntry("enrollment_status", "A");
    // Only 1.2 has a preferred first name.
    assertThat(s3.get("preferred_first_name"))
        .isEqualTo(v == OneRoster.Version.V1_2 ? "Pref3" : "");
    assertThat(rowOf(students, "000004"))
        .containsEntry("grade_level", "KG")
        .containsEntry("gender", "F");

    String teachers = teachers(source);
    assertThat(teachers.lines().count()).isEqualTo(4);
    assertThat(rowOf(teachers, "T001"))
        .containsEntry("campus_id", "101912001")
        .containsEntry("role", "TEACHER");
    // Listed under the district only: the school of the class taught.
    assertThat(rowOf(teachers, "T003")).containsEntry("campus_id", "101912002");
    assertThat(teachers).doesNotContain("000001");

    String courses = courses(source);
    // ENG1 is listed for two school years: the latest one is kept.
    assertThat(courses.lines().count()).isEqualTo(5);
    assertThat(rowOf(courses, "ENG1"))
        .containsEntry("course_name", "English I")
        .containsEntry("state_course_code", "03220100")
        .containsEntry("credits", "0.5")
        .containsEntry("grade_low", "09")
        .containsEntry("grade_high", "10");
    // A SCED code (5 digits) is not a Texas course code; the PEIMS one after it is.
    assertThat(rowOf(courses, "ALG1")).containsEntry("state_course_code", "03100500");
  }

  @Test
  void aStudentWithoutDemographicsIsLeftWithoutBirthDateForTheValidatorToName() throws IOException {
    TestRoster roster = TestRoster.small(2);
    Map<String, String> files = roster.csvFiles(OneRoster.Version.V1_1);
    files.put(
        "manifest.csv",
        files.get("manifest.csv").replace("file.demographics,bulk", "file.demographics,absent"));
    files.remove("demographics.csv");
    String students = students(csv(TestRoster.zip(files)));
    assertThat(rowOf(students, "000001"))
        .containsEntry("birth_date", "")
        .containsEntry("gender", "");
  }

  @Test
  void indianaCourseCodesAreFourDigitsAndOneRosterGradeCodesMapToTheLayouts() {
    assertThat(OneRosterConverter.grade("PR")).isEqualTo("PK");
    assertThat(OneRosterConverter.grade("TK")).isEqualTo("PK");
    assertThat(OneRosterConverter.grade("KG")).isEqualTo("KG");
    assertThat(OneRosterConverter.grade("7")).isEqualTo("07");
    assertThat(OneRosterConverter.grade("13")).isEqualTo("13");
  }

  @Test
  void badZipsAreRefusedWithWhatToDo() throws IOException {
    TestRoster roster = TestRoster.small(2);
    Map<String, String> noManifest = roster.csvFiles(OneRoster.Version.V1_1);
    noManifest.remove("manifest.csv");
    assertThatThrownBy(() -> csv(TestRoster.zip(noManifest)))
        .isInstanceOf(OneRosterException.class)
        .hasMessageContaining("oneroster.zip has no manifest.csv");

    Map<String, String> delta = roster.csvFiles(OneRoster.Version.V1_2);
    delta.put(
        "manifest.csv", delta.get("manifest.csv").replace("file.users,bulk", "file.users,delta"));
    assertThatThrownBy(() -> csv(TestRoster.zip(delta)))
        .hasMessageContaining("users.csv as delta")
        .hasMessageContaining("bulk");

    Map<String, String> noVersion = roster.csvFiles(OneRoster.Version.V1_1);
    noVersion.put(
        "manifest.csv", noVersion.get("manifest.csv").replace("oneroster.version,1.1\n", ""));
    assertThatThrownBy(() -> csv(TestRoster.zip(noVersion)))
        .hasMessageContaining("no oneroster.version");

    Map<String, String> missingColumn = roster.csvFiles(OneRoster.Version.V1_1);
    missingColumn.put(
        "users.csv", missingColumn.get("users.csv").replaceFirst("givenName", "firstName"));
    OneRosterCsv source = csv(TestRoster.zip(missingColumn));
    assertThatThrownBy(() -> students(source))
        .hasMessageContaining("users.csv has no column 'givenName'");
  }

  @Test
  void theSecretNeverShows() {
    OneRosterEndpoint e =
        new OneRosterEndpoint(
            java.net.URI.create("https://sis.example.org"),
            java.net.URI.create("https://sis.example.org/token"),
            "hub",
            "very-secret-value",
            OneRoster.Version.V1_2);
    assertThat(e.toString()).doesNotContain("very-secret-value").contains("hidden");
    assertThat(e.collection("users").toString())
        .isEqualTo("https://sis.example.org/ims/oneroster/rostering/v1p2/users");
  }
}
