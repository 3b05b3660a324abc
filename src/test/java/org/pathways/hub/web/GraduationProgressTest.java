package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.access.ServiceTokens;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Graduation progress of constructed students, loaded through the pipeline as a district sends
 * them: a Texas FHSP student whose credits per subject are known, a DLA student with Algebra II,
 * Indiana Core 40 students before and from the class of 2029; served by the read API and shown on
 * the portal's student page, each behind its district's wall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class GraduationProgressTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PASSWORD = "correct horse battery staple";

  static final String STUDENT_HEADER =
      "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id"
          + "|enrollment_status|graduation_plan|graduation_year";

  TestHub hub;
  HttpClient http;
  String texasOnly;
  String everywhere;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    http = HttpClient.newHttpClient();
    hub.addDistrict("tx-grad", State.TX, "standard");
    hub.addDistrict("in-grad", State.IN, "standard");
    hub.addDistrict("other", State.TX, "standard");
    load(
        "tx-grad",
        "students.txt",
        STUDENT_HEADER
            + "\n2001|6000000001|Anareyes|Quintanilla|2009-04-02|11|255901001|A|FHSP|2027"
            + "\n2002|6000000002|Ben|Ortiz|2009-05-03|11|255901001|A|FHSP-DLA|2027\n");
    load(
        "tx-grad",
        "course_crosswalk.txt",
        """
        local_course_id|course_name|state_course_code|credits|subject_area
        ENG1|English I|03220100|0.5|ENG
        ENG2|English II|03220200|0.5|ENG
        ALG1|Algebra I|03100500|0.5|MATH
        ALG2|Algebra II|03100600|0.5|MATH
        BIO|Biology|03010200|0.5|SCI
        WGEO|World Geography Studies|03320100|0.5|SS
        SPAN1|Spanish I|03440100|0.5|LOTE
        PE1|Lifetime Fitness|PES00052|0.5|PE
        ART1|Art I|03500100|0.5|FA
        PRIN|Principles of Information Technology|13027200|0.5|CTE
        ADV|Advisory|85000001|0.5|
        """);
    load(
        "tx-grad",
        "grades.txt",
        Sample.grades(
            concat(
                both("2001", "2025", "ENG1"),
                both("2001", "2026", "ENG2"),
                both("2001", "2025", "ALG1"),
                both("2001", "2025", "BIO"),
                both("2001", "2026", "WGEO"),
                both("2001", "2026", "SPAN1"),
                // PE twice: the second credit is beyond PE's one and counts as an elective.
                both("2001", "2025", "PE1"),
                both("2001", "2026", "PE1"),
                both("2001", "2025", "PRIN"),
                both("2002", "2026", "ALG2"),
                List.of(
                    row("2001", "2026", "S1", "ART1", "0.5", "FINAL"),
                    // A failed semester earns nothing; an in-progress one has not earned yet.
                    row("2001", "2027", "S1", "BIO", "0", "FINAL"),
                    row("2001", "2027", "S2", "ENG2", "0.5", "IN_PROGRESS"),
                    // Credit that counts nowhere: no subject area, and not in the crosswalk.
                    row("2001", "2026", "S1", "ADV", "0.5", "FINAL"),
                    row("2001", "2026", "S2", "ROBO", "0.5", "FINAL")))));

    load(
        "in-grad",
        "students.txt",
        STUDENT_HEADER
            + "\n3001|100000001|Cara|Hill|2009-02-02|11|1234|A|CORE40|2027"
            + "\n3002|100000002|Dan|Webb|2011-03-03|09|1234|A|CORE40|2029\n");
    load(
        "in-grad",
        "course_crosswalk.txt",
        """
        local_course_id|course_name|state_course_code|credits|subject_area
        ENG9|English 9|1002|1|ENG
        ALG1|Algebra I|2520|1|MATH
        BIO1|Biology I|3024|1|SCI
        USH|United States History|1542|1|SS
        SPAN|Spanish I|2120|1|LOTE
        ART|Introduction to Two-Dimensional Art|4002|1|FA
        PE1|Physical Education I|3542|1|PE
        HLTH|Health and Wellness|3506|1|HEALTH
        PCC|Preparing for College and Careers|5394|1|CTE
        """);
    load(
        "in-grad",
        "grades.txt",
        Sample.grades(
            concat(
                inBoth("3001", "2025", "ENG9"),
                inBoth("3001", "2025", "ALG1"),
                inBoth("3001", "2025", "BIO1"),
                inBoth("3001", "2026", "USH"),
                inBoth("3001", "2026", "SPAN"),
                inBoth("3001", "2026", "ART"),
                inBoth("3001", "2025", "PE1"),
                List.of(
                    inRow("3001", "2026", "S1", "PE1"),
                    inRow("3001", "2026", "S1", "HLTH"),
                    inRow("3001", "2026", "S2", "PCC"),
                    inRow("3002", "2026", "S1", "ENG9")))));
    load("other", "students.txt", Sample.students(2));

    ServiceTokens tokens = hub.bean(ServiceTokens.class);
    texasOnly = tokens.add("tx-counselors", List.of("tx-grad")).secret();
    everywhere = tokens.add("pathways", List.of()).secret();
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("contact@txgrad.test", Role.DISTRICT_CONTACT, "tx-grad", PASSWORD);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  // --- the read API ----------------------------------------------------------------------------

  @Test
  void aTexasFoundationStudentHasExactCreditsEarnedAndNeededPerSubject() throws Exception {
    JsonNode p = api(texasOnly, "/api/v1/districts/tx-grad/students/2001/graduation-progress");
    assertThat(p.get("graduation_plan").asString()).isEqualTo("FHSP");
    assertThat(p.get("plan").get("id").asString()).isEqualTo("FHSP");
    assertThat(p.get("note").isNull()).isTrue();
    Map<String, String> earnedRequiredNeeded = new HashMap<>();
    p.get("requirements")
        .forEach(
            r ->
                earnedRequiredNeeded.put(
                    r.get("id").asString(),
                    r.get("earned").decimalValue().toPlainString()
                        + "/"
                        + r.get("required").decimalValue().toPlainString()
                        + "/"
                        + r.get("needed").decimalValue().toPlainString()));
    assertThat(earnedRequiredNeeded)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ENG", "2/4/2",
                "MATH", "1/3/2",
                "SCI", "1/3/2",
                "SS", "1/3/2",
                "LOTE", "1/2/1",
                "PE", "1/1/0",
                "FA", "0.5/1/0.5",
                // One credit of CTE and the PE credit beyond PE's one.
                "ELECTIVE", "2/5/3"));
    assertThat(p.get("requirements").get(0).get("label").asString()).isEqualTo("English");
    assertThat(p.get("total").get("earned").decimalValue()).isEqualByComparingTo("9.5");
    assertThat(p.get("total").get("required").decimalValue()).isEqualByComparingTo("22");
    assertThat(p.get("total").get("needed").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(p.get("complete").asBoolean()).isFalse();

    List<String> nowhere =
        p.get("counts_nowhere")
            .valueStream()
            .map(c -> c.get("local_course_id").asString() + ": " + c.get("reason").asString())
            .toList();
    assertThat(nowhere)
        .containsExactly(
            "ADV: no subject area in the course crosswalk", "ROBO: not in the course crosswalk");
    assertThat(p.get("counts_nowhere").get(0).get("state_course_code").asString())
        .isEqualTo("85000001");
    assertThat(p.get("counts_nowhere").get(1).get("credits_earned").decimalValue())
        .isEqualByComparingTo("0.5");
  }

  @Test
  void theDistinguishedLevelNeedsAlgebraIiByItsStateCode() throws Exception {
    JsonNode p = api(everywhere, "/api/v1/districts/tx-grad/students/2002/graduation-progress");
    assertThat(p.get("plan").get("id").asString()).isEqualTo("FHSP-DLA");
    assertThat(p.get("total").get("required").decimalValue()).isEqualByComparingTo("26");
    JsonNode algebra2 = p.get("required_courses").get(0);
    assertThat(algebra2.get("state_course_code").asString()).isEqualTo("03100600");
    assertThat(algebra2.get("passed").asBoolean()).isTrue();
    JsonNode first = api(everywhere, "/api/v1/districts/tx-grad/students/2001/graduation-progress");
    assertThat(first.get("required_courses").size()).isZero();
  }

  @Test
  void anIndianaCore40StudentAndTheClassOf2029OnTheIndianaDiploma() throws Exception {
    JsonNode p = api(everywhere, "/api/v1/districts/in-grad/students/3001/graduation-progress");
    assertThat(p.get("plan").get("id").asString()).isEqualTo("CORE40");
    Map<String, String> byId = new HashMap<>();
    p.get("requirements")
        .forEach(
            r ->
                byId.put(
                    r.get("id").asString(),
                    r.get("earned").decimalValue().toPlainString()
                        + "/"
                        + r.get("needed").decimalValue().toPlainString()));
    assertThat(byId)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ENG", "2/6",
                "MATH", "2/4",
                "SCI", "2/4",
                "SS", "2/4",
                // Spanish 2, art 2 and the career course 1.
                "DIRECTED", "5/0",
                "PE", "2/0",
                "HEALTH", "1/0",
                "ELECTIVE", "1/5"));
    assertThat(p.get("total").get("earned").decimalValue()).isEqualByComparingTo("17");
    assertThat(p.get("total").get("needed").decimalValue()).isEqualByComparingTo("23");

    JsonNode later = api(everywhere, "/api/v1/districts/in-grad/students/3002/graduation-progress");
    assertThat(later.get("graduation_plan").asString()).isEqualTo("CORE40");
    assertThat(later.get("plan").get("id").asString()).isEqualTo("IN-DIPLOMA");
    assertThat(later.get("note").asString()).contains("class of 2029");
    assertThat(later.get("total").get("required").decimalValue()).isEqualByComparingTo("42");
    assertThat(later.get("requirements").get(0).get("earned").decimalValue())
        .isEqualByComparingTo("1");
  }

  @Test
  void anotherDistrictsTokenAndAnUnknownStudentGet404() throws Exception {
    HttpResponse<String> other =
        get(texasOnly, "/api/v1/districts/in-grad/students/3001/graduation-progress");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).doesNotContain("3001");
    assertThat(
            get(texasOnly, "/api/v1/districts/tx-grad/students/9999/graduation-progress")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            get(null, "/api/v1/districts/tx-grad/students/2001/graduation-progress").statusCode())
        .isEqualTo(401);
  }

  // --- the portal ------------------------------------------------------------------------------

  @Test
  void theStudentPageShowsABarPerSubjectAndTheCoursesThatCountNowhere() throws Exception {
    PortalClient contact = signedIn("contact@txgrad.test");
    HttpResponse<String> page = contact.get("/districts/tx-grad/students/2001");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html).contains("Foundation High School Program");
    assertThat(html)
        .contains(
            "<progress max=\"4\" value=\"2\" aria-labelledby=\"label-ENG\""
                + " aria-valuetext=\"2 of 4 credits\">")
        .contains("max=\"1\" value=\"0.5\" aria-labelledby=\"label-FA\"")
        .contains("max=\"5\" value=\"2\" aria-labelledby=\"label-ELECTIVE\"")
        .contains("max=\"22\" value=\"9.5\" aria-labelledby=\"label-total\"");
    assertThat(html).contains("ROBO").contains("not in the course crosswalk");
    assertThat(html).contains("ADV").contains("no subject area in the course crosswalk");
    // The strict CSP allows no inline style or script.
    assertThat(html).doesNotContain("style=").doesNotContain("<script>");

    // The data page links each student to their page.
    assertThat(contact.get("/districts/tx-grad/data?set=students").body())
        .contains("href=\"/districts/tx-grad/students/2001\"");
  }

  @Test
  void anotherDistrictsContactAndAnUnknownStudentGet404(CapturedOutput output) throws Exception {
    PortalClient contact = signedIn("contact@txgrad.test");
    assertThat(contact.get("/districts/other/students/1001").statusCode()).isEqualTo(404);
    assertThat(contact.get("/districts/in-grad/students/3001").statusCode()).isEqualTo(404);
    PortalClient engineer = signedIn("engineer@hub.test");
    assertThat(engineer.get("/districts/in-grad/students/3001").statusCode()).isEqualTo(200);
    assertThat(engineer.get("/districts/tx-grad/students/9999").statusCode()).isEqualTo(404);
    assertThat(engineer.get("/districts/tx-grad/students/2001").body()).contains("Quintanilla");
    // What the pages and the API show stays out of the log.
    api(everywhere, "/api/v1/districts/tx-grad/students/2001/graduation-progress");
    assertThat(output.getAll()).doesNotContain("Quintanilla", "Anareyes");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void load(String district, String file, String content) throws Exception {
    for (RunSummary r : hub.ingest(district, file, content)) {
      assertThat(r.status()).as(district + " " + file + ": " + r).isEqualTo(RunStatus.LOADED);
    }
  }

  @SafeVarargs
  private static String[] concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
  }

  /** Both semesters of a Texas course, half a credit each. */
  private static List<String> both(String student, String year, String course) {
    return List.of(
        row(student, year, "S1", course, "0.5", "FINAL"),
        row(student, year, "S2", course, "0.5", "FINAL"));
  }

  private static String row(
      String student, String year, String term, String course, String earned, String status) {
    String grade = earned.equals("0") ? "F|50" : "A|95";
    return String.join("|", student, year, term, course, "255901001", grade, "0.5", earned, status);
  }

  /** Both semesters of an Indiana course, a credit each. */
  private static List<String> inBoth(String student, String year, String course) {
    return List.of(inRow(student, year, "S1", course), inRow(student, year, "S2", course));
  }

  private static String inRow(String student, String year, String term, String course) {
    return String.join("|", student, year, term, course, "1234", "A|95", "1", "1", "FINAL");
  }

  private PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).as(email).isTrue();
    return c;
  }

  private JsonNode api(String token, String path) throws Exception {
    HttpResponse<String> r = get(token, path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> get(String token, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.webPort() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
