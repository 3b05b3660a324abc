package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Manual upload: files sent from the portal go through the same intake as SFTP (stored in the
 * vault, audited with the person's email) and the page shows their outcome when processed.
 */
class UploadPageTest {

  static final String PASSWORD = "upload page passphrase";
  static final String D = "harmony-isd";
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(D, State.TX, "standard");
    hub.addDistrict("elsewhere-isd", State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("it@harmony.test", Role.DISTRICT_CONTACT, D, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aFileSentAsTheRawBodyIsStoredProcessedAndReportedWithItsOutcome() throws Exception {
    PortalClient c = signedIn();
    HttpResponse<String> sent =
        c.upload(
            "/districts/" + D + "/upload",
            "students.txt",
            Sample.students(7).getBytes(StandardCharsets.UTF_8));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    String id = sent.body().replaceAll("(?s).*\"runs\":\\[(\\d+)].*", "$1");
    String status = waitForOutcome(c, id);
    assertThat(status).contains("\"status\":\"LOADED\"").contains("7 added");
    assertThat(hub.count(D, "students")).isEqualTo(7);
    assertThat(
            hub.jdbc()
                .sql(
                    "select f.channel from received_file f join ingest_run r on r.received_file_id = f.id where r.id = ?")
                .param(Long.parseLong(id))
                .query(String.class)
                .list())
        .containsExactly("portal");
    assertThat(
            hub.jdbc()
                .sql(
                    "select actor from audit_event where action = 'portal.upload' and district = ?"
                        + " and detail = ?")
                .params(D, "stored; runs [" + id + "]")
                .query(String.class)
                .list())
        .containsExactly("it@harmony.test");

    assertThat(c.get("/districts/" + D + "/upload/runs?ids=" + id + ",999999").body())
        .as("an unknown run is left out")
        .contains("\"run\":" + id)
        .doesNotContain("999999");
  }

  @Test
  void aBadNameOrAMissingCsrfTokenIsRefusedAndNothingIsStored() throws Exception {
    PortalClient c = signedIn();
    HttpResponse<String> badName =
        c.upload("/districts/" + D + "/upload", "../../etc/passwd;", new byte[] {1});
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).contains("needs a name");
    PortalClient noToken = signedIn();
    // A client that has the session cookie but not the page's token, as a forged request would.
    java.lang.reflect.Field f = PortalClient.class.getDeclaredField("csrf");
    f.setAccessible(true);
    f.set(noToken, null);
    assertThat(noToken.upload("/districts/" + D + "/upload", "x.txt", new byte[] {1}).statusCode())
        .isEqualTo(403);
    assertThat(
            hub.jdbc()
                .sql("select count(*) from received_file where file_name in ('x.txt', 'passwd;')")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void theBrowserShowsEachFilesProgressAndThenItsOutcome(@TempDir Path tmp) throws Exception {
    Path good = tmp.resolve("teachers.txt");
    Files.writeString(
        good,
        "teacher_id|first_name|last_name|email|campus_id|active\n"
            + "T1|Ann|Lee|ann@harmony.test|255901001|Y\n");
    Path bad = tmp.resolve("students.txt");
    Files.writeString(
        bad, Sample.STUDENT_HEADER + "\n1001|6000000000|A|B|2009-02-30|09|255901001|A|FHSP\n");
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@harmony.test", PASSWORD);
      b.open("/districts/" + D + "/upload");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.find("#files").sendKeys(good + "\n" + bad);
      b.find("#upload-form button").click();
      new WebDriverWait(b.driver(), Duration.ofSeconds(30))
          .until(
              d ->
                  b.all("#results tbody tr").size() == 2
                      && b.all("#results tbody tr .status").stream()
                          .noneMatch(s -> s.getText().equals("PROCESSING")));
      assertThat(b.all("#progress progress"))
          .hasSize(2)
          .allMatch(p -> "100".equals(p.getDomProperty("value")));
      String results = b.find("#results").getText();
      assertThat(results).contains("teachers.txt").contains("LOADED");
      assertThat(results).contains("students.txt").contains("REJECTED");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("contact-manual-upload");
    }
  }

  @Test
  void withoutItsScriptTheFormPostsTheFilesAndThePageListsTheirRuns() throws Exception {
    PortalClient c = signedIn();
    String boundary = "----hubtest" + Instant.EPOCH.getEpochSecond();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
            + c.csrf()
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"courses.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + Sample.COURSES
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> r =
        java.net.http.HttpClient.newBuilder()
            .cookieHandler(cookies(c))
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + hub.webPort() + "/districts/" + D + "/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElse("");
    assertThat(location).contains("/districts/" + D + "/upload?runs=");
    String page = c.get(location.substring(location.indexOf("/districts"))).body();
    assertThat(page).contains("courses.txt").contains("Refresh");
  }

  private static java.net.CookieHandler cookies(PortalClient c) throws Exception {
    java.lang.reflect.Field f = PortalClient.class.getDeclaredField("http");
    f.setAccessible(true);
    return ((java.net.http.HttpClient) f.get(c)).cookieHandler().orElseThrow();
  }

  private static String waitForOutcome(PortalClient c, String id) throws Exception {
    Instant until = Instant.now().plusSeconds(30);
    String body;
    do {
      body = c.get("/districts/" + D + "/upload/runs?ids=" + id).body();
      if (body.contains("\"done\":true")) {
        return body;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("no outcome: " + body);
  }

  private static PortalClient signedIn() throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn("it@harmony.test", PASSWORD)).isTrue();
    return c;
  }
}
