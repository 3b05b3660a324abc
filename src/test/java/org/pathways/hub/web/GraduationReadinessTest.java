package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.serve.GraduationReadiness;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Graduation readiness of a district's data with planted problems: grades of courses the crosswalk
 * lacks, state course codes out of the state's format, high-school students without a plan, a
 * transcript that earns nothing; counted with example ids on the district page and beside the
 * worksheet comparison, which still decides the approval alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraduationReadinessTest {

  static final String PASSWORD = "correct horse battery staple";
  static final String STUDENT_HEADER =
      "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id"
          + "|enrollment_status|graduation_plan|graduation_year";

  TestHub hub;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    // Each district was first set up under the wrong state and sent its crosswalk, then had its
    // state corrected: the way codes out of the state's format reach the live data, since a load
    // refuses them.
    DistrictRepository districts = hub.bean(DistrictRepository.class);
    hub.addDistrict("ready-tx", State.IN, "standard");
    load(
        "ready-tx",
        "course_crosswalk.txt",
        """
        local_course_id|course_name|state_course_code|credits|subject_area
        ENG1|English I|1002|0.5|ENG
        ALG1|Algebra I|2520|0.5|MATH
        """);
    districts.setProfile("ready-tx", "standard", State.TX);
    hub.addDistrict("ready-in", State.TX, "standard");
    load(
        "ready-in",
        "course_crosswalk.txt",
        """
        local_course_id|course_name|state_course_code|credits|subject_area
        ALG1|Algebra I|03100500|1|MATH
        """);
    districts.setProfile("ready-in", "standard", State.IN);
    load(
        "ready-tx",
        "students.txt",
        STUDENT_HEADER
            + "\n4001|6000000001|A|One|2010-01-01|10|255901001|A|FHSP|2029"
            + "\n4002|6000000002|B|Two|2011-01-01|09|255901001|A||2030"
            + "\n4003|6000000003|C|Three|2008-01-01|12|255901001|A|CORE40|2027"
            + "\n4004|6000000004|D|Four|2012-01-01|08|255901001|A||2031"
            + "\n4005|6000000005|E|Five|2010-01-01|10|255901001|W||2029"
            + "\n4006|6000000006|F|Six|2009-01-01|11|255901001|A|FHSP-E|2028\n");
    load(
        "ready-tx",
        "grades.txt",
        Sample.grades(
            "4001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
            "4001|2026|S2|ROBO|255901001|A|95|0.5|0.5|FINAL",
            "4001|2026|S1|GHOST|255901001|A|95|0.5|0.5|FINAL",
            "4006|2026|S1|ENG1|255901001|F|50|0.5|0|FINAL",
            "4006|2026|S2|ROBO|255901001|F|50|0.5|0|FINAL",
            // In progress only: no final transcript yet, so not one that earns nothing.
            "4002|2027|S1|ENG1|255901001|B|85|0.5|0|IN_PROGRESS"));

    load(
        "ready-in",
        "students.txt",
        STUDENT_HEADER
            + "\n5001|100000001|G|Seven|2011-01-01|09|1234|A||2029"
            + "\n5002|100000002|H|Eight|2009-01-01|11|1234|A||2027\n");
    hub.bean(PortalUsers.class).add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void plantedProblemsAreCountedWithExampleIds() {
    Map<String, GraduationReadiness.Check> checks = checks("ready-tx");
    assertThat(checks.keySet())
        .containsExactly(
            "grades-without-state-code",
            "codes-out-of-format",
            "students-without-plan",
            "transcripts-without-credit");
    assertThat(checks.get("grades-without-state-code").count()).isEqualTo(3);
    assertThat(checks.get("grades-without-state-code").examples()).containsExactly("GHOST", "ROBO");
    assertThat(checks.get("codes-out-of-format").count()).isEqualTo(2);
    assertThat(checks.get("codes-out-of-format").examples())
        .containsExactly("ALG1 (2520)", "ENG1 (1002)");
    assertThat(checks.get("codes-out-of-format").whatToDo()).contains("C022");
    // No plan, and a plan of another state; not the 8th grader nor the withdrawn student.
    assertThat(checks.get("students-without-plan").count()).isEqualTo(2);
    assertThat(checks.get("students-without-plan").examples()).containsExactly("4002", "4003");
    assertThat(checks.get("transcripts-without-credit").count()).isEqualTo(1);
    assertThat(checks.get("transcripts-without-credit").examples()).containsExactly("4006");
    checks.values().forEach(c -> assertThat(c.whatToDo()).as(c.id()).startsWith("To do: "));
  }

  @Test
  void indianaChecksItsOwnFormatAndTheClassOf2029NeedsNoPlanCode() {
    Map<String, GraduationReadiness.Check> checks = checks("ready-in");
    assertThat(checks.get("codes-out-of-format").examples()).containsExactly("ALG1 (03100500)");
    assertThat(checks.get("codes-out-of-format").title()).contains("4-digit");
    assertThat(checks.get("students-without-plan").examples()).containsExactly("5002");
    assertThat(checks.get("grades-without-state-code").ok()).isTrue();
  }

  @Test
  void theDistrictPageShowsTheCountsExamplesAndWhatToDo() throws Exception {
    String html = engineer().get("/districts/ready-tx").body();
    assertThat(count(html, "grades-without-state-code")).isEqualTo("3");
    assertThat(count(html, "codes-out-of-format")).isEqualTo("2");
    assertThat(count(html, "students-without-plan")).isEqualTo("2");
    assertThat(count(html, "transcripts-without-credit")).isEqualTo("1");
    assertThat(html).contains("GHOST, ROBO").contains("4002, 4003");
    assertThat(html).contains("add these local course ids to the course crosswalk export");
    assertThat(html).doesNotContain("Three").doesNotContain("style=");
  }

  @Test
  void theWorksheetCountsThemBesideTheComparisonWithoutBlockingApproval() throws Exception {
    String html = engineer().get("/districts/ready-tx/worksheet").body();
    int comparison = html.indexOf("id=\"comparison\"");
    int readiness = html.indexOf("id=\"readiness-students-without-plan\"");
    int fill = html.indexOf("id=\"fill\"");
    assertThat(comparison).isPositive();
    assertThat(readiness).isGreaterThan(comparison).isLessThan(fill);
    assertThat(count(html, "students-without-plan")).isEqualTo("2");
    assertThat(count(html, "grades-without-state-code")).isEqualTo("3");
    assertThat(html).contains("do not decide the approval for training");
  }

  private Map<String, GraduationReadiness.Check> checks(String code) {
    District d = hub.bean(DistrictRepository.class).find(code).orElseThrow();
    return hub.bean(GraduationReadiness.class).of(d).stream()
        .collect(
            Collectors.toMap(
                GraduationReadiness.Check::id, c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The count a page shows for a check. */
  private static String count(String html, String check) {
    Matcher m =
        Pattern.compile(
                "id=\"readiness-" + check + "\">\\s*<span class=\"chip [A-Z]+\">(\\d+)</span>")
            .matcher(html);
    assertThat(m.find()).as(check + " on the page").isTrue();
    return m.group(1);
  }

  private PortalClient engineer() throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn("engineer@hub.test", PASSWORD)).isTrue();
    return c;
  }

  private void load(String district, String file, String content) throws Exception {
    for (RunSummary r : hub.ingest(district, file, content)) {
      assertThat(r.status()).as(district + " " + file + ": " + r).isEqualTo(RunStatus.LOADED);
    }
  }
}
