package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * A district's runs in the portal: filtered, downloaded as CSV and XLSX with every issue's line,
 * column and value, and a held run inspected, then released or discarded with a reason.
 */
class RunsPageTest {

  static final String PASSWORD = "runs page passphrase";
  static final String D = "runs-isd";
  static TestHub hub;
  static long loaded;
  static long rejected;
  static long held;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(D, State.TX, "standard");
    loaded = hub.ingestOne(D, "students.txt", Sample.students(20)).runId();
    List<String> rows = new ArrayList<>(Sample.studentRows(20));
    rows.set(3, rows.get(3).replace("2009-04-13", "2009-13-45"));
    rows.set(7, rows.get(7).replace("|A|", "|=HYPERLINK(\"x\")|"));
    rejected =
        hub.ingestOne(D, "students-bad.txt", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows))
            .runId();
    held = hub.ingestOne(D, "students-short.txt", Sample.students(12)).runId();
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@runs.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@runs.test", Role.DISTRICT_CONTACT, D, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void theHeldAndRejectedRunsAreWhatTheSetUpMeant() {
    RunSummary r = hub.bean(org.pathways.hub.pipeline.RunStore.class).summary(rejected, 10).get();
    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(hub.bean(org.pathways.hub.pipeline.RunStore.class).summary(held, 0).get().status())
        .isEqualTo(RunStatus.HELD);
  }

  @Test
  void runsAreFilteredByStatusDataSetFileNameAndCentralDate() throws Exception {
    PortalClient c = signedIn("it@runs.test");
    String all = c.get("/districts/" + D + "/runs").body();
    assertThat(all).contains("3 runs").contains("students-bad.txt").contains("students-short.txt");
    String heldOnly = c.get("/districts/" + D + "/runs?status=HELD").body();
    assertThat(heldOnly).contains("1 run matches").contains("students-short.txt");
    assertThat(heldOnly).doesNotContain("students-bad.txt");
    assertThat(c.get("/districts/" + D + "/runs?q=BAD").body()).contains("1 run matches");
    assertThat(c.get("/districts/" + D + "/runs?dataset=grades").body()).contains("0 runs match");
    assertThat(c.get("/districts/" + D + "/runs?to=2000-01-01").body()).contains("0 runs match");
    String today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago")).toString();
    assertThat(c.get("/districts/" + D + "/runs?from=" + today + "&to=" + today).body())
        .contains("3 runs match");
  }

  @Test
  void theRunsAndAnIssueListDownloadAsCsvAndXlsx() throws Exception {
    PortalClient c = signedIn("it@runs.test");
    HttpResponse<byte[]> csv = c.getBytes("/districts/" + D + "/runs.csv?status=REJECTED");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
        .contains(D + "-runs.csv");
    assertThat(csv.headers().firstValue("Cache-Control")).hasValue("no-store");
    List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("\ufeffrun,received,file,data set");
    assertThat(lines.get(1)).startsWith(rejected + ",").contains("students-bad.txt,students,");

    HttpResponse<byte[]> issues = c.getBytes("/runs/" + rejected + "/issues.csv");
    String text = new String(issues.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("ERROR,INVALID_DATE,5,birth_date,2009-13-45,");
    assertThat(text)
        .as("a value a spreadsheet would run as a formula is written as text")
        .contains("'=HYPERLINK(\"\"x\"\")");

    HttpResponse<byte[]> xlsx = c.getBytes("/runs/" + rejected + "/issues.xlsx?severity=ERROR");
    assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      Sheet sheet = book.getSheet("Issues");
      assertThat(cells(sheet.getRow(0)))
          .containsExactly("severity", "code", "line", "column", "value", "what to do");
      List<List<String>> body = new ArrayList<>();
      for (int i = 1; i <= sheet.getLastRowNum(); i++) {
        body.add(cells(sheet.getRow(i)));
      }
      assertThat(body).allMatch(r -> r.get(0).equals("ERROR"));
      assertThat(body)
          .anyMatch(
              r ->
                  r.get(1).equals("INVALID_DATE")
                      && r.get(2).equals("5.0")
                      && r.get(4).equals("2009-13-45"));
    }
  }

  @Test
  void aHeldRunShowsWhatItWouldRemoveAndTakesAnEngineersDecisionWithItsReason() throws Exception {
    PortalClient contact = signedIn("it@runs.test");
    String page = contact.get("/runs/" + held).body();
    assertThat(page).contains("What releasing it would change").contains("Would be removed");
    assertThat(page).contains("1013").contains("First12").doesNotContain("Why release it");
    assertThat(page).contains("held for your Pathways integrations engineer");
    assertThat(contact.post("/runs/" + held + "/release", Map.of("reason", "mine")).statusCode())
        .isEqualTo(404);

    PortalClient engineer = signedIn("engineer@runs.test");
    assertThat(engineer.get("/runs/" + held).body()).contains("Why release it");
    HttpResponse<String> blank = engineer.post("/runs/" + held + "/release", Map.of("reason", " "));
    assertThat(blank.statusCode()).isEqualTo(302);
    assertThat(engineer.get("/runs/" + held).body()).contains("A reason is required");
    assertThat(status(held)).isEqualTo("HELD");

    engineer.post(
        "/runs/" + held + "/release", Map.of("reason", "Eight seniors graduated mid-year"));
    String after = engineer.get("/runs/" + held).body();
    assertThat(after).contains("Released: ").contains("Eight seniors graduated mid-year");
    assertThat(after).contains("engineer@runs.test").contains("What it would have changed");
    assertThat(status(held)).isEqualTo("RELEASED");
    assertThat(hub.count(D, "students")).isEqualTo(12);
    assertThat(
            hub.jdbc()
                .sql("select actor || ' ' || outcome from audit_event where action = 'run.release'")
                .query(String.class)
                .list())
        .containsExactly("engineer@runs.test refused", "engineer@runs.test ok");

    HttpResponse<String> again = engineer.post("/runs/" + held + "/discard", Map.of("reason", "x"));
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(engineer.get("/runs/" + held).body()).contains("is not held");
  }

  private static String status(long run) {
    return hub.jdbc()
        .sql("select status from ingest_run where id = ?")
        .param(run)
        .query(String.class)
        .single();
  }

  private static List<String> cells(Row row) {
    List<String> out = new ArrayList<>();
    row.forEach(cell -> out.add(cell.toString()));
    return out;
  }

  private static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).isTrue();
    return c;
  }
}
