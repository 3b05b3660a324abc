package org.pathways.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.receive.SftpService;
import org.pathways.hub.support.SftpClients;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** What a newcomer sees: the demo's districts and nights, and an SFTP account ready to try. */
class DemoTest {

  /** A Wednesday afternoon in October, Central: a school night outside every pause. */
  private static final Instant NOW = Instant.parse("2026-10-14T19:00:00Z");

  @Test
  void theDemoSeedsEveryOutcomeOnceAndOpensAnSftpAccountWithAKey() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    long runs;
    TestClock clock = new TestClock(NOW);
    TestHub hub =
        TestHub.startWithClock(
            store, clock, "--hub.demo=true", "--sftp.enabled=true", "--sftp.port=0");
    try {
      assertThat(
              hub.jdbc().sql("select code from district order by code").query(String.class).list())
          .containsExactly(
              "grand-bend-isd", "harmony-academy", "lakeview-schools", "riverside-isd");
      List<String> statuses =
          hub.jdbc().sql("select distinct status from ingest_run").query(String.class).list();
      assertThat(statuses).contains("LOADED", "DUPLICATE", "REJECTED", "HELD");
      runs = hub.jdbc().sql("select count(*) from ingest_run").query(Long.class).single();
      // Each district's files come the way its SIS's usual transfer method brings them.
      assertThat(
              hub.jdbc()
                  .sql("select distinct district || ' ' || channel from received_file order by 1")
                  .query(String.class)
                  .list())
          .containsExactly(
              "grand-bend-isd sftp",
              "harmony-academy portal",
              "lakeview-schools api",
              "riverside-isd sftp");

      // Each night's files carry that night's date, as a scheduled export names them.
      assertThat(
              hub.jdbc()
                  .sql(
                      "select distinct substring(file_name from '_(\\d{8})\\.') from received_file"
                          + " where district = 'riverside-isd' order by 1")
                  .query(String.class)
                  .list())
          .containsExactly("20261010", "20261011", "20261012", "20261013");

      // The demo's nights end last night, and the overview shows each kind of night there.
      Map<String, DistrictNight> last =
          hub.bean(NightlyEvaluation.class).latest(hub.bean(DistrictRepository.class).list());
      assertThat(last.values())
          .extracting(DistrictNight::night)
          .containsOnly(LocalDate.parse("2026-10-13"));
      assertThat(states(last.get("riverside-isd"))).containsOnly(NightState.OK);
      // Harmony's districts upload by hand once a semester: no night of theirs is due.
      assertThat(states(last.get("harmony-academy"))).isEmpty();
      assertThat(last.get("lakeview-schools").sets())
          .filteredOn(s -> s.state() != NightState.OK)
          .extracting(s -> s.feed().dataSet() + " " + s.state())
          .containsExactly("course_requests MISSING");
      assertThat(last.get("grand-bend-isd").sets())
          .filteredOn(s -> s.state() != NightState.OK)
          .extracting(s -> s.feed().dataSet() + " " + s.state())
          .containsExactly("students HELD");
      assertThat(last.values()).filteredOn(DistrictNight::needsAttention).hasSize(2);

      Path key = store.dataDir().resolve("demo").resolve("sftp-demo-key");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
      SftpClients.Result sftp =
          SftpClients.openssh(
              hub.bean(SftpService.class).port(), key, DemoSftpAccount.USER, store.dataDir(), "ls");
      String out = sftp.output();
      assertThat(sftp.exit()).as(out).isZero();
      assertThat(out).contains("inbox").contains("results");

      Path signIn = store.dataDir().resolve("demo").resolve("sign-in.txt");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signIn)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(signIn)).contains(DemoUsers.ENGINEER).contains(DemoUsers.CONTACT);
      assertThat(
              hub.jdbc()
                  .sql(
                      "select role || ' ' || coalesce(district, '-') from portal_user order by role")
                  .query(String.class)
                  .list())
          .containsExactly("ADMIN -", "DISTRICT_CONTACT grand-bend-isd");

      // Onboarding at different points: Grand Bend's worksheet is in and does not match yet.
      assertThat(
              hub.jdbc()
                  .sql(
                      "select district from district_integration where kickoff_date is not null order by 1")
                  .query(String.class)
                  .list())
          .containsExactly("grand-bend-isd", "lakeview-schools", "riverside-isd");
      org.pathways.hub.onboarding.Comparison ws =
          hub.bean(org.pathways.hub.onboarding.Worksheets.class).compare("grand-bend-isd");
      assertThat(ws.lines())
          .filteredOn(l -> l.verdict() == org.pathways.hub.onboarding.Verdict.MISMATCH)
          .extracting(org.pathways.hub.onboarding.Line::key)
          .containsExactly("teachers");
      assertThat(ws.lines()).hasSizeGreaterThan(5);
      // Where each stands fits the nights: every connection was used by the files that came
      // through it, nothing is past due, and no plan is short of the two weeks.
      org.pathways.hub.onboarding.Onboarding onboarding =
          hub.bean(org.pathways.hub.onboarding.Onboarding.class);
      Map<String, String> stages = new java.util.TreeMap<>();
      for (var d : hub.bean(DistrictRepository.class).list()) {
        stages.put(d.code(), onboarding.stage(d, onboarding.integration(d)).label());
        if (onboarding.integration(d).kickoff() != null) {
          assertThat(onboarding.timeline(d).warnings()).as(d.code()).isEmpty();
        }
      }
      assertThat(stages)
          .containsExactly(
              Map.entry("grand-bend-isd", "Data validated"),
              Map.entry("harmony-academy", "Not scheduled: Data Validation Worksheet"),
              Map.entry("lakeview-schools", "Training"),
              Map.entry("riverside-isd", "Data Validation Worksheet"));
    } finally {
      hub.stopKeepingStore();
    }
    // A second start finds the demo and leaves it as it was.
    try (TestHub again = TestHub.startWithClock(store, clock, "--hub.demo=true")) {
      assertThat(again.jdbc().sql("select count(*) from ingest_run").query(Long.class).single())
          .isEqualTo(runs);
    }
  }

  private static List<NightState> states(DistrictNight night) {
    return night.sets().stream().map(DataSetNight::state).toList();
  }
}
