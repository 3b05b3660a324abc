package org.pathways.hub.receive.pull.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.receive.Intake;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** Pulls from a OneRoster service on a real port into a hub on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneRosterPullTest {

  TestHub hub;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  /** The hub's pull, with a client whose pauses between retries are instant and pages small. */
  private OneRosterPull pull() {
    return new OneRosterPull(
        hub.bean(OneRosterConnections.class),
        hub.bean(DistrictRepository.class),
        hub.bean(ProfileResolver.class),
        hub.bean(IngestService.class),
        hub.bean(Intake.class),
        hub.bean(AuditLog.class),
        hub.bean(java.time.Clock.class),
        (endpoint, clock) ->
            new OneRosterClient(endpoint, HttpClient.newHttpClient(), clock, pause -> {}, 10));
  }

  private void connect(
      String district, OneRosterTestServer server, String secret, OneRoster.Version v) {
    hub.bean(OneRosterConnections.class)
        .save(
            district,
            new OneRosterEndpoint(server.base(), server.tokenUrl(), "hub-client", secret, v),
            "engineer@pathways.test");
  }

  @Test
  void aWholeSmallDistrictLoadsThroughTheRestServiceDespiteABusyAnswerAndAnExpiredToken()
      throws Exception {
    hub.addDistrict("or-rest", State.TX, "standard");
    TestRoster roster = TestRoster.small(45);
    try (OneRosterTestServer server =
        new OneRosterTestServer(roster, OneRoster.Version.V1_2, "hub-client", "s3cret")) {
      // The token runs out after 3 pages, mid-way through the students; one page answers 429.
      server.tokensLast(3).busyOnce("students", 20);
      connect("or-rest", server, "s3cret", OneRoster.Version.V1_2);
      OneRosterPull.Result result = pull().pull("or-rest", "engineer@pathways.test");
      assertThat(result.dataSets())
          .extracting(OneRosterPull.DataSetResult::dataSet)
          .containsExactly("students", "teachers", "course_crosswalk");
      for (OneRosterPull.DataSetResult r : result.dataSets()) {
        assertThat(r.run().status())
            .as("%s: %s", r.dataSet(), r.run().issues())
            .isEqualTo(RunStatus.LOADED);
      }
      assertThat(hub.count("or-rest", "students")).isEqualTo(45);
      assertThat(hub.count("or-rest", "teachers")).isEqualTo(3);
      assertThat(hub.count("or-rest", "course_crosswalk")).isEqualTo(4);
      assertThat(server.tokensIssued()).isGreaterThan(1);
      // The busy page was asked for again, and every page of students was read once it answered.
      assertThat(server.requests().stream().filter("students@20"::equals).count())
          .isGreaterThanOrEqualTo(2);
      assertThat(server.requests()).contains("students@40");
      assertThat(
              hub.jdbc()
                  .sql(
                      "select detail from audit_event where action = 'oneroster.pull' and district = ?")
                  .param("or-rest")
                  .query(String.class)
                  .list())
          .anySatisfy(d -> assertThat(d).contains("students 45 rows LOADED"));
      // The converted files are in the vault as received files of the oneroster channel.
      assertThat(
              hub.jdbc()
                  .sql(
                      "select count(*) from received_file where district = ? and channel = 'oneroster'")
                  .param("or-rest")
                  .query(Long.class)
                  .single())
          .isEqualTo(3);

      Map<String, OptionalLong> counts = pull().test("or-rest");
      assertThat(counts.get("students")).hasValue(45);
      assertThat(counts.get("teachers")).hasValue(3);
    }
  }

  @Test
  void wrongCredentialsAreNamedAndNothingIsLoaded() throws Exception {
    hub.addDistrict("or-badcred", State.TX, "standard");
    try (OneRosterTestServer server =
        new OneRosterTestServer(
            TestRoster.small(3), OneRoster.Version.V1_1, "hub-client", "right")) {
      connect("or-badcred", server, "wrong-secret", OneRoster.Version.V1_1);
      assertThatThrownBy(() -> pull().pull("or-badcred", "engineer@pathways.test"))
          .isInstanceOf(OneRosterException.class)
          .hasMessageContaining("refused client id 'hub-client'")
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("check the client id and secret")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"));
      assertThat(hub.count("or-badcred", "students")).isZero();
    }
  }

  @Test
  void aMissingScopeIsNamedAndLeavesTheLiveDataAlone() throws Exception {
    hub.addDistrict("or-scope", State.TX, "standard");
    TestRoster roster = TestRoster.small(5);
    try (OneRosterTestServer server =
        new OneRosterTestServer(roster, OneRoster.Version.V1_1, "hub-client", "s3cret")) {
      connect("or-scope", server, "s3cret", OneRoster.Version.V1_1);
      pull().pull("or-scope", "engineer@pathways.test");
      assertThat(hub.count("or-scope", "students")).isEqualTo(5);
      // The teachers can no longer be read: the students already converted are not applied.
      server.forbid("teachers");
      roster.people.removeIf(p -> p.id().equals("stu-1"));
      assertThatThrownBy(() -> pull().pull("or-scope", "engineer@pathways.test"))
          .hasMessageContaining("teachers is forbidden to client id 'hub-client' (HTTP 403)")
          .hasMessageContaining("scope");
      // Nothing converted was registered: each data set has a run rejected with the reason.
      assertThat(
              hub.jdbc()
                  .sql(
                      "select r.status, r.message from ingest_run r join received_file f on f.id ="
                          + " r.received_file_id where f.district = ? and f.channel = 'oneroster'"
                          + " order by r.id")
                  .param("or-scope")
                  .query((rs, n) -> rs.getString(1) + ": " + rs.getString(2))
                  .list())
          .hasSize(6)
          .last()
          .asString()
          .startsWith("REJECTED: OneRoster course_crosswalk was not pulled")
          .contains("teachers is forbidden");
      // stu-1, gone from the service, is still live: nothing of the failed pull was applied.
      assertThat(hub.count("or-scope", "students")).isEqualTo(5);
    }
  }

  @Test
  void aDistrictOnItsSisLayoutIsToldToUseTheStandardProfile() throws Exception {
    hub.addDistrict("or-skyward", State.TX, "skyward-sms-tx");
    try (OneRosterTestServer server =
        new OneRosterTestServer(TestRoster.small(1), OneRoster.Version.V1_2, "hub-client", "s")) {
      connect("or-skyward", server, "s", OneRoster.Version.V1_2);
      assertThatThrownBy(() -> pull().pull("or-skyward", "engineer@pathways.test"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("standard profile");
      assertThat(server.tokensIssued()).isZero();
    }
  }

  @Test
  void anAddressWhereNothingListensIsNamed() throws Exception {
    hub.addDistrict("or-noaddr", State.TX, "standard");
    hub.bean(OneRosterConnections.class)
        .save(
            "or-noaddr",
            new OneRosterEndpoint(
                java.net.URI.create("http://127.0.0.1:9"),
                java.net.URI.create("http://127.0.0.1:9/token"),
                "hub-client",
                "s",
                OneRoster.Version.V1_2),
            "engineer@pathways.test");
    assertThatThrownBy(() -> pull().pull("or-noaddr", "engineer@pathways.test"))
        .isInstanceOf(OneRosterException.class)
        .hasMessageContaining("cannot connect to 127.0.0.1:9");
  }
}
