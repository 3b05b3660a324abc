package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operations see of a running hub: health for a load balancer and for staff, Prometheus
 * metrics after real ingestions, who may read them, and the district and run ids on every log line
 * of a run, as text and as JSON.
 */
class OperationsTest {

  static final String D = "ops-isd";
  static final String PASSWORD = "correct horse battery staple";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static TestHub hub;
  static ListAppender<ILoggingEvent> logged;

  @BeforeAll
  static void start() throws Exception {
    hub =
        TestHub.startWeb(
            TestStore.SERVER,
            "--server.port=0",
            "--sftp.enabled=true",
            "--sftp.port=0",
            "--sftp.host=127.0.0.1",
            "--spring.profiles.active=json-logs");
    hub.addDistrict(D, State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("contact@ops.test", Role.DISTRICT_CONTACT, D, PASSWORD);
    logged = new ListAppender<>();
    logged.start();
    root().addAppender(logged);
  }

  @AfterAll
  static void stop() {
    root().detachAppender(logged);
    hub.close();
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  private static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).isTrue();
    return c;
  }

  @Test
  void healthSaysUpToAnybodyAndShowsItsPartsOnlyToStaff() throws Exception {
    HttpResponse<String> anonymous = new PortalClient(hub.webPort()).get("/actuator/health");
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("components");
    assertThat(new PortalClient(hub.webPort()).get("/actuator/health/readiness").statusCode())
        .isEqualTo(200);

    assertThat(signedIn("contact@ops.test").get("/actuator/health").body())
        .as("a district contact sees no more than a load balancer")
        .doesNotContain("components");

    JsonNode staff = JSON.readTree(signedIn("engineer@hub.test").get("/actuator/health").body());
    for (String part : List.of("db", "vault", "masterKey", "sftp")) {
      assertThat(staff.at("/components/" + part + "/status").asString()).as(part).isEqualTo("UP");
    }
    assertThat(staff.at("/components/sftp/details/listening/0").asString())
        .startsWith("/127.0.0.1:");
  }

  @Test
  void healthIsDownWhileTheVaultCannotBeWritten() throws Exception {
    Path vault = hub.store().dataDir().toAbsolutePath().normalize().resolve("vault").toRealPath();
    Path aside = vault.resolveSibling("vault-aside");
    PortalClient engineer = signedIn("engineer@hub.test");
    // A file where the directory was: nothing can be created under it, even by root, whom a
    // read-only directory would not stop.
    Files.move(vault, aside);
    Files.writeString(vault, "not a directory");
    try {
      HttpResponse<String> down = new PortalClient(hub.webPort()).get("/actuator/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"").doesNotContain("vault");
      JsonNode staff = JSON.readTree(engineer.get("/actuator/health").body());
      assertThat(staff.at("/components/vault/status").asString()).isEqualTo("DOWN");
      assertThat(staff.at("/components/vault/details/error").asString())
          .contains("Not a directory");
      assertThat(staff.at("/components/db/status").asString()).isEqualTo("UP");
    } finally {
      Files.delete(vault);
      Files.move(aside, vault);
    }
    assertThat(new PortalClient(hub.webPort()).get("/actuator/health").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreForStaffOnly() throws Exception {
    HttpResponse<String> anonymous = new PortalClient(hub.webPort()).get("/actuator/prometheus");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/sign-in");
    assertThat(signedIn("contact@ops.test").get("/actuator/prometheus").statusCode())
        .isEqualTo(403);
    assertThat(signedIn("engineer@hub.test").get("/actuator/prometheus").statusCode())
        .isEqualTo(200);
    // Only health and metrics are exposed, even to staff.
    assertThat(signedIn("engineer@hub.test").get("/actuator/env").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountFilesRunsRowsAndTime() throws Exception {
    PortalClient engineer = signedIn("engineer@hub.test");
    String before = engineer.get("/actuator/prometheus").body();

    String district = "metrics-isd";
    hub.addDistrict(district, State.TX, "standard");
    assertThat(hub.ingestOne(district, "students.txt", Sample.students(3)).status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(hub.ingestOne(district, "students.txt", Sample.students(3)).status())
        .isEqualTo(RunStatus.DUPLICATE);
    assertThat(hub.ingestOne(district, "students.txt", Sample.students(5)).status())
        .isEqualTo(RunStatus.LOADED);
    RunSummary unknown = hub.ingestOne(district, "mystery.txt", "what|is|this\n1|2|3\n");
    assertThat(unknown.status()).isEqualTo(RunStatus.REJECTED);

    String after = engineer.get("/actuator/prometheus").body();
    Map<String, Double> expected =
        Map.of(
            "hub_files_received_total{channel=\"test\"}", 4.0,
            "hub_runs_finished_total{data_set=\"students\",status=\"LOADED\"}", 2.0,
            "hub_runs_finished_total{data_set=\"students\",status=\"DUPLICATE\"}", 1.0,
            "hub_runs_finished_total{data_set=\"unknown\",status=\"REJECTED\"}", 1.0,
            "hub_rows_loaded_total{change=\"added\",data_set=\"students\"}", 5.0,
            "hub_rows_loaded_total{change=\"deactivated\",data_set=\"students\"}", 0.0,
            "hub_run_duration_seconds_count{data_set=\"students\"}", 3.0);
    expected.forEach(
        (series, delta) ->
            assertThat(value(after, series) - value(before, series)).as(series).isEqualTo(delta));
    assertThat(after).contains("hub_night_datasets{state=\"MISSING\"}");
    assertThat(after)
        .doesNotContain(district)
        .doesNotContain("First0")
        .doesNotContain("6000000000");
  }

  /** A series' value in Prometheus text, 0 when it is not there yet. */
  private static double value(String prometheus, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(prometheus);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void lateAndMissingCountsReadTheLatestNight() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-09T12:00:00Z"));
    NightStatusMetrics metrics = new NightStatusMetrics(hub.jdbc(), clock);
    boolean landed =
        hub.jdbc()
            .sql("select to_regclass('night_status') is not null")
            .query(Boolean.class)
            .single();
    if (!landed) {
      assertThat(metrics.count("MISSING")).as("unknown before the table exists").isNaN();
      // The columns the nightly evaluation's table has (and more it may add).
      hub.jdbc()
          .sql(
              "create table night_status (district text not null, night date not null,"
                  + " dataset text not null, state text not null, run_id bigint,"
                  + " received_at timestamptz, reason text not null,"
                  + " evaluated_at timestamptz not null, primary key (district, night, dataset))")
          .update();
    }
    hub.addDistrict("night-isd", State.TX, "standard");
    String insert =
        "insert into night_status (district, night, dataset, state, reason, evaluated_at)"
            + " values ('night-isd', ?::date, ?, ?, 'test', now())";
    hub.jdbc().sql(insert).params("2026-03-07", "students", "MISSING").update();
    hub.jdbc().sql(insert).params("2026-03-08", "students", "LATE").update();
    hub.jdbc().sql(insert).params("2026-03-08", "grades", "MISSING").update();
    hub.jdbc().sql(insert).params("2026-03-08", "teachers", "MISSING").update();
    hub.jdbc().sql(insert).params("2026-03-08", "users", "OK").update();

    clock.advance(Duration.ofMinutes(1));
    assertThat(metrics.count("MISSING")).isEqualTo(2);
    assertThat(metrics.count("LATE")).isEqualTo(1);
    assertThat(metrics.count("OK")).isEqualTo(1);
    assertThat(metrics.count("HELD")).isZero();

    hub.jdbc().sql(insert).params("2026-03-08", "courses", "MISSING").update();
    assertThat(metrics.count("MISSING")).as("kept for a scrape's worth of gauges").isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(metrics.count("MISSING")).isEqualTo(3);
  }

  @Test
  void everyLineOfARunCarriesItsDistrictAndRunAlsoOnTheIntakeThread() throws Exception {
    PortalClient contact = signedIn("contact@ops.test");
    HttpResponse<String> sent =
        contact.upload(
            "/districts/" + D + "/upload",
            "students.txt",
            Sample.students(4).getBytes(StandardCharsets.UTF_8));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    String run = sent.body().replaceAll("(?s).*\"runs\":\\[(\\d+)].*", "$1");
    ILoggingEvent done = waitForLine("Run " + run + " (");
    assertThat(done.getThreadName()).isEqualTo("intake");
    assertThat(done.getMDCPropertyMap()).containsEntry("district", D).containsEntry("run", run);
    assertThat(done.getFormattedMessage()).doesNotContain("First0").doesNotContain("6000000000");

    // The same line as the json-logs profile writes it.
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> stderr =
        (ConsoleAppender<ILoggingEvent>) root().getAppender("STDERR");
    String json = new String(stderr.getEncoder().encode(done), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith("{")
        .contains("\"district\":\"" + D + "\"")
        .contains("\"run\":\"" + run + "\"")
        .contains("\"message\":\"Run " + run + " (students): LOADED\"");
  }

  private static ILoggingEvent waitForLine(String start) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ILoggingEvent e : List.copyOf(logged.list)) {
        if (e.getFormattedMessage().startsWith(start)) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no log line starting with " + start);
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
