package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.Step;
import org.pathways.hub.onboarding.TimelineStep;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull.Outcome;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull.PullReport;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull.QueryResult;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Pulls generated districts from a PowerSchool test server through the real API: whole districts,
 * tokens that expire while paging, busy and failing pages, wrong credentials and a field the plugin
 * may not read.
 */
class PowerSchoolPullTest {

  static final String STUDENTS = "com.pathways.hub.students";
  static final String STORED_GRADES = "com.pathways.hub.storedgrades";
  static final String SECRET = "s3cr3t-Pathways-plugin";

  // Monday night 2026-11-16, 00:40 Central on Tuesday.
  static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-17T06:40:00Z"));

  static TestHub hub;
  static Path generated;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    generated = dir.resolve("generated");
    // Files named as the plugin's queries are: com.pathways.hub.students.csv
    new NativeWriter("")
        .write(
            new ProfileCatalog().get("powerschool-tx"),
            new DistrictGenerator(State.TX, 150, 7L, LocalDate.of(2026, 11, 16)).generate(),
            generated);
    hub =
        TestHub.startWithClock(
            TestStore.SERVER,
            CLOCK,
            "--powerschool.page-size=40",
            "--powerschool.retry-backoff=PT0.01S",
            "--powerschool.retry-max=PT0.05S",
            "--powerschool.max-attempts=3");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /**
   * A PowerSchool server with the generated district, and a district of the hub connected to it.
   */
  static PowerSchoolServer connected(String district) throws Exception {
    PowerSchoolServer server = new PowerSchoolServer("pathways-client", SECRET, 100);
    server.serveFiles(generated);
    hub.bean(DistrictRepository.class)
        .add(new District(district, district + " ISD", State.TX, "powerschool-tx", 10));
    hub.bean(PowerSchoolConnections.class)
        .save(
            district, server.url().toString(), "pathways-client", SECRET, "engineer@pathways.org");
    return server;
  }

  static PullReport pull(String district) throws InterruptedException {
    return hub.bean(PowerSchoolPull.class).pull(district, "engineer@pathways.org", "127.0.0.1");
  }

  static Map<String, QueryResult> byQuery(PullReport report) {
    return report.queries().stream()
        .collect(Collectors.toMap(QueryResult::query, q -> q, (a, b) -> a));
  }

  @Test
  void aWholeDistrictIsPulledAndLoaded() throws Exception {
    try (PowerSchoolServer server = connected("ps-whole")) {
      PullReport report = pull("ps-whole");

      assertThat(report.queries())
          .extracting(QueryResult::query)
          .containsExactlyInAnyOrderElementsOf(server.queries());
      for (QueryResult q : report.queries()) {
        assertThat(q.outcome()).as(q.query() + ": " + q.message()).isEqualTo(Outcome.LOADED);
        assertThat(q.rows()).as(q.query()).isEqualTo(server.rows(q.query()));
        assertThat(q.runs()).extracting(RunSummary::rowsRead).containsExactly(q.rows());
      }
      assertThat(report.queries().get(0).dataSet()).isEqualTo("students");
      assertThat(hub.count("ps-whole", "students")).isEqualTo(server.rows(STUDENTS));
      assertThat(server.tokensIssued()).isOne();
      // Pages of 40 (the configured size is below the server's 100): 150 students in 4 pages.
      assertThat(server.pageRequests(STUDENTS, 4)).isOne();
      assertThat(server.pageRequests(STUDENTS, 5)).isZero();

      // A version that names fields after their table gives the same files: nothing changes.
      server.prefixFieldsWithTable(true);
      PullReport again = pull("ps-whole");
      assertThat(again.queries())
          .allSatisfy(
              q ->
                  assertThat(q.runs())
                      .extracting(RunSummary::status)
                      .containsOnly(RunStatus.DUPLICATE));
      assertThat(again.loaded()).isTrue();
      assertThat(
              hub.jdbc()
                  .sql(
                      "select count(*) from audit_event where district = ? and action ="
                          + " 'powerschool.pull' and outcome = 'ok'")
                  .param("ps-whole")
                  .query(Long.class)
                  .single())
          .isEqualTo(2);
    }
  }

  @Test
  void aTokenThatExpiresWhilePagingIsRenewedOnce() throws Exception {
    try (PowerSchoolServer server = connected("ps-expiry")) {
      server.expireTokensAt(STUDENTS, 3);

      PullReport report = pull("ps-expiry");

      assertThat(report.loaded()).isTrue();
      assertThat(server.tokensIssued()).isEqualTo(2);
      assertThat(server.pageRequests(STUDENTS, 3)).isEqualTo(2);
      assertThat(byQuery(report).get(STUDENTS).rows()).isEqualTo(server.rows(STUDENTS));
    }
  }

  @Test
  void aBusyOrFailingPageIsTriedAgain() throws Exception {
    try (PowerSchoolServer server = connected("ps-retry")) {
      server.failPage(STUDENTS, 2, 1);
      server.throttlePage(STORED_GRADES, 1, 30);

      PullReport report = pull("ps-retry");

      assertThat(report.loaded()).isTrue();
      assertThat(server.pageRequests(STUDENTS, 2)).isEqualTo(2);
      assertThat(server.pageRequests(STORED_GRADES, 1)).isEqualTo(2);
      assertThat(byQuery(report).get(STORED_GRADES).rows()).isEqualTo(server.rows(STORED_GRADES));
    }
  }

  @Test
  void aPageThatKeepsFailingLeavesItsDataSetLiveAndIsReportedAsTheNightsFailure() throws Exception {
    try (PowerSchoolServer server = connected("ps-broken")) {
      assertThat(pull("ps-broken").loaded()).isTrue();
      long liveStudents = hub.count("ps-broken", "students");
      CLOCK.advance(java.time.Duration.ofMinutes(5));
      server.failPage(STUDENTS, 2, Integer.MAX_VALUE);

      PullReport report = pull("ps-broken");

      QueryResult students = byQuery(report).get(STUDENTS);
      assertThat(students.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(students.message())
          .isEqualTo(
              "PowerSchool at "
                  + server.url()
                  + " failed to answer page 2 of "
                  + STUDENTS
                  + " (500: Internal error while running the query) on 3 attempts");
      assertThat(server.pageRequests(STUDENTS, 2)).isEqualTo(1 + 3);
      assertThat(students.runs()).hasSize(1);
      RunSummary failedRun = students.runs().get(0);
      assertThat(failedRun.status()).isEqualTo(RunStatus.REJECTED);
      assertThat(failedRun.dataSet()).isEqualTo("students");
      assertThat(failedRun.issues())
          .extracting(i -> i.code())
          .containsExactly(IssueCode.PULL_FAILED);
      assertThat(hub.count("ps-broken", "students")).isEqualTo(liveStudents);
      assertThat(report.queries())
          .filteredOn(q -> !q.query().equals(STUDENTS))
          .allSatisfy(q -> assertThat(q.outcome()).isEqualTo(Outcome.LOADED));
      assertThat(report.summary()).contains(STUDENTS + " failed: PowerSchool at");

      District d = hub.bean(DistrictRepository.class).find("ps-broken").orElseThrow();
      DataSetNight night =
          hub
              .bean(NightlyEvaluation.class)
              .judge(d, LocalDate.of(2026, 11, 16), CLOCK.instant())
              .sets()
              .stream()
              .filter(s -> s.feed().dataSet() == DataSet.STUDENTS)
              .findFirst()
              .orElseThrow();
      assertThat(night.state()).isEqualTo(NightState.FAILED);
      assertThat(night.reason()).contains("failed to answer page 2 of " + STUDENTS);
      assertThat(
              hub.jdbc()
                  .sql(
                      "select outcome from audit_event where district = ? and action ="
                          + " 'powerschool.pull' order by id desc limit 1")
                  .param("ps-broken")
                  .query(String.class)
                  .single())
          .isEqualTo("failed");
    }
  }

  @Test
  void wrongCredentialsAreExplainedAndNothingIsLoaded() throws Exception {
    try (PowerSchoolServer server = connected("ps-wrong")) {
      hub.bean(PowerSchoolConnections.class)
          .save("ps-wrong", server.url().toString(), "pathways-client", "not-it", "engineer");

      PullReport report = pull("ps-wrong");

      assertThat(report.queries())
          .allSatisfy(
              q -> {
                assertThat(q.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(q.message())
                    .isEqualTo(
                        "PowerSchool at "
                            + server.url()
                            + " refused the client id and secret (401 at /oauth/access_token)."
                            + " Copy both again from PowerSchool: System > System Settings >"
                            + " Plugin Management Dashboard > Pathways > Data Provider"
                            + " Configuration, and check that the plugin is enabled.");
              });
      assertThat(server.tokensIssued()).isZero();
      assertThat(
              hub.jdbc()
                  .sql(
                      "select count(*) from ingest_run where district = ? and status <> 'REJECTED'")
                  .param("ps-wrong")
                  .query(Long.class)
                  .single())
          .isZero();
      assertThat(hub.count("ps-wrong", "students")).isZero();
    }
  }

  @Test
  void aFieldThePluginMayNotReadIsNamed() throws Exception {
    try (PowerSchoolServer server = connected("ps-denied")) {
      server.denyField(STUDENTS, "dob");

      PullReport report = pull("ps-denied");

      assertThat(byQuery(report).get(STUDENTS).message())
          .isEqualTo(
              "The Pathways plugin has no access to the field students.dob read by "
                  + STUDENTS
                  + " (403: Validation Failed). Re-install the latest Pathways plugin and enable"
                  + " it, so that PowerSchool grants it access to the fields it reads.");
      assertThat(byQuery(report).get("com.pathways.hub.teachers").outcome())
          .isEqualTo(Outcome.LOADED);
    }
  }

  @Test
  void aConnectionTestCountsEachQueryAndExplainsEachFailure() throws Exception {
    try (PowerSchoolServer server = connected("ps-test")) {
      server.remove("com.pathways.hub.ibc");

      PowerSchoolPull.ConnectionTest test =
          hub.bean(PowerSchoolPull.class).test("ps-test", "engineer", null);

      assertThat(test.error()).isNull();
      assertThat(test.version()).isEqualTo("25.4.0.0");
      assertThat(test.pageSize()).isEqualTo(40);
      assertThat(test.ok()).isFalse();
      for (PowerSchoolPull.QueryCheck q : test.queries()) {
        if (q.query().equals("com.pathways.hub.ibc")) {
          assertThat(q.count()).isNull();
          assertThat(q.error())
              .isEqualTo(
                  "PowerSchool at "
                      + server.url()
                      + " does not know the query com.pathways.hub.ibc (404): the Pathways plugin"
                      + " is not installed or not enabled. Install it from the hub's plugin file"
                      + " and enable it: System > System Settings > Plugin Management Dashboard.");
        } else {
          assertThat(q.error()).as(q.query()).isNull();
          assertThat(q.count()).as(q.query()).isEqualTo((long) server.rows(q.query()));
        }
      }
      assertThat(hub.bean(PowerSchoolConnections.class).find("ps-test").orElseThrow().lastTestOk())
          .isFalse();
      assertThat(hub.count("ps-test", "students")).isZero();
    }
  }

  @Test
  void aPassingConnectionTestIsTheDistrictsConnectionSetUp() throws Exception {
    try (PowerSchoolServer server = connected("ps-onboard")) {
      Onboarding onboarding = hub.bean(Onboarding.class);
      District d = hub.bean(DistrictRepository.class).find("ps-onboard").orElseThrow();
      // Kicked off a week before the clock's night: the connection was due on the 12th.
      onboarding.setDates(d, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 12, 8), "engineer");
      assertThat(onboarding.integration(d).method()).isEqualTo(TransferMethod.API);
      assertThat(onboarding.timeline(d).step(Step.SFTP_READY).status())
          .isEqualTo(TimelineStep.Status.OVERDUE);

      PowerSchoolConnections connections = hub.bean(PowerSchoolConnections.class);
      connections.save("ps-onboard", server.url().toString(), "pathways-client", "wrong", "eng");
      assertThat(hub.bean(PowerSchoolPull.class).test("ps-onboard", "engineer", null).ok())
          .isFalse();
      assertThat(onboarding.timeline(d).step(Step.SFTP_READY).status())
          .as("a test that fails shows nothing set up")
          .isEqualTo(TimelineStep.Status.OVERDUE);

      connections.save("ps-onboard", server.url().toString(), "pathways-client", SECRET, "eng");
      assertThat(hub.bean(PowerSchoolPull.class).test("ps-onboard", "engineer", null).ok())
          .isTrue();
      TimelineStep step = onboarding.timeline(d).step(Step.SFTP_READY);
      assertThat(step.status()).isEqualTo(TimelineStep.Status.DONE);
      assertThat(step.doneAt()).isEqualTo(CLOCK.instant());
      assertThat(step.detail()).isEqualTo("The PowerSchool connection test passed");

      // The secret changed on the district's side: the connection was set up all the same.
      connections.save("ps-onboard", server.url().toString(), "pathways-client", "rotated", "eng");
      assertThat(hub.bean(PowerSchoolPull.class).test("ps-onboard", "engineer", null).ok())
          .isFalse();
      TimelineStep after = onboarding.timeline(d).step(Step.SFTP_READY);
      assertThat(after.status()).as("a later failing test").isEqualTo(TimelineStep.Status.DONE);
      assertThat(after.doneAt()).isEqualTo(CLOCK.instant());
      assertThat(after.detail()).isEqualTo("The PowerSchool connection test passed");
    }
  }

  @Test
  void anUnreachableServerIsExplained() throws Exception {
    hub.bean(DistrictRepository.class)
        .add(new District("ps-nowhere", "Nowhere ISD", State.TX, "powerschool-tx", 10));
    String url;
    try (PowerSchoolServer gone = new PowerSchoolServer("a", "b", 10)) {
      url = gone.url().toString();
    }
    hub.bean(PowerSchoolConnections.class).save("ps-nowhere", url, "a", "b", "engineer");

    PowerSchoolPull.ConnectionTest test =
        hub.bean(PowerSchoolPull.class).test("ps-nowhere", "engineer", null);

    assertThat(test.error())
        .isEqualTo(
            "Could not connect to "
                + url
                + ": the connection was refused. Check the address (and port) of the district's"
                + " PowerSchool and that it is running.");
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsExplained(@TempDir Path dir) throws Exception {
    // A self-signed certificate, as a district's test server or a wrong address often has.
    Path keys = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "ps",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keys.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(keytool.waitFor()).isZero();
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(keys)) {
      store.load(in, "changeit".toCharArray());
    }
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    com.sun.net.httpserver.HttpsServer server =
        com.sun.net.httpserver.HttpsServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      hub.bean(DistrictRepository.class)
          .add(new District("ps-selfsigned", "Self ISD", State.TX, "powerschool-tx", 10));
      String url = "https://127.0.0.1:" + server.getAddress().getPort();
      hub.bean(PowerSchoolConnections.class).save("ps-selfsigned", url, "a", "b", "engineer");

      PowerSchoolPull.ConnectionTest test =
          hub.bean(PowerSchoolPull.class).test("ps-selfsigned", "engineer", null);

      assertThat(test.error())
          .startsWith("The server's certificate is not trusted: ")
          .endsWith(
              url
                  + " must present a certificate from a public certificate authority for its own"
                  + " name; check the address, or ask the PowerSchool server's administrator.");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aDistrictWithoutAConnectionIsRefused() {
    hub.bean(DistrictRepository.class)
        .add(new District("ps-none", "None ISD", State.TX, "powerschool-tx", 10));
    assertThatThrownBy(() -> pull("ps-none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "District ps-none has no PowerSchool connection: save its server address, client id"
                + " and client secret first");
  }

  @Test
  void theSecretIsStoredEncryptedAndNeverPrinted() throws Exception {
    try (PowerSchoolServer server = connected("ps-secret")) {
      byte[] stored =
          hub.jdbc()
              .sql("select client_secret from powerschool_connection where district = ?")
              .param("ps-secret")
              .query(byte[].class)
              .single();
      assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(SECRET);
      Credentials c = hub.bean(PowerSchoolConnections.class).credentials("ps-secret").orElseThrow();
      assertThat(c.secret().reveal()).isEqualTo(SECRET);
      assertThat(c.toString()).doesNotContain(SECRET);
      assertThat(c.secret().toString()).doesNotContain(SECRET);
      // A blank secret keeps the stored one.
      hub.bean(PowerSchoolConnections.class)
          .save("ps-secret", server.url() + "/", "other-client", "", "engineer");
      Credentials kept =
          hub.bean(PowerSchoolConnections.class).credentials("ps-secret").orElseThrow();
      assertThat(kept.secret().reveal()).isEqualTo(SECRET);
      assertThat(kept.clientId()).isEqualTo("other-client");
      assertThat(kept.server()).isEqualTo(server.url());
    }
  }

  @Test
  void anAddressMustBeHttpsUnlessOnThisMachine() {
    assertThat(PowerSchoolConnections.serverAddress("https://ps.example.org/").toString())
        .isEqualTo("https://ps.example.org");
    assertThatThrownBy(() -> PowerSchoolConnections.serverAddress("http://ps.example.org"))
        .hasMessageStartingWith("The PowerSchool address must start with https://");
    assertThatThrownBy(() -> PowerSchoolConnections.serverAddress("ps.example.org"))
        .hasMessage("'ps.example.org' is not an address; give one like https://ps.example.org");
  }

  @Test
  void theQueriesAreTheProfilesFilesInLoadOrder() {
    List<PowerSchoolPull.Query> queries =
        PowerSchoolPull.queries(new ProfileCatalog().get("powerschool-in"));
    assertThat(queries)
        .extracting(PowerSchoolPull.Query::name)
        .doesNotContain("com.pathways.hub.ibc");
    assertThat(queries.get(0).name()).isEqualTo(STUDENTS);
    assertThat(queries.get(0).columns()).startsWith("student_number");
    assertThat(queries.get(0).fileName()).isEqualTo("com.pathways.hub.students.csv");
    assertThat(Files.exists(generated.resolve("com.pathways.hub.students.csv"))).isTrue();
  }
}
