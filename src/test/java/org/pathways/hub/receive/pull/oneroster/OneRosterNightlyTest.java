package org.pathways.hub.receive.pull.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.receive.pull.NightlyPulls;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The nightly pull of OneRoster districts: the same timing and the same one pull a night across
 * nodes as PowerSchool's; a failed pull shows on the night as its data sets failed, with the
 * reason; a district with both connections is pulled from the source its profile names.
 */
class OneRosterNightlyTest {

  @Test
  void anApiDistrictIsPulledOnceANightAndAFailedPullShowsOnTheNight() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    // Monday 2026-11-16, 23:00 Central: before the 00:30 pull of Monday's night.
    TestClock clock = new TestClock(Instant.parse("2026-11-17T05:00:00Z"));
    TestRoster roster = TestRoster.small(12);
    try (TestHub one = TestHub.startWithClock(store, clock);
        TestHub two = TestHub.startWithClock(store, clock);
        OneRosterTestServer server =
            new OneRosterTestServer(roster, OneRoster.Version.V1_2, "night-client", "or-secret");
        PowerSchoolServer powerSchool = new PowerSchoolServer("ps-client", "ps-secret", 100)) {
      DistrictRepository districts = one.bean(DistrictRepository.class);
      Onboarding onboarding = one.bean(Onboarding.class);
      for (String code : List.of("or-night", "or-sftp", "or-both")) {
        districts.add(new District(code, code + " ISD", State.TX, "standard", 10));
        District d = districts.find(code).orElseThrow();
        onboarding.saveSettings(
            d,
            code.equals("or-sftp") ? TransferMethod.SFTP : TransferMethod.API,
            null,
            3,
            "engineer");
        one.bean(OneRosterConnections.class)
            .save(
                code,
                new OneRosterEndpoint(
                    server.base(),
                    server.tokenUrl(),
                    "night-client",
                    "or-secret",
                    OneRoster.Version.V1_2),
                "engineer");
      }
      // Both connections, on the standard profile: OneRoster is pulled, PowerSchool never asked.
      one.bean(PowerSchoolConnections.class)
          .save("or-both", powerSchool.url().toString(), "ps-client", "ps-secret", "engineer");

      assertThat(one.bean(NightlyPulls.class).pullDue()).isEmpty();
      assertThat(server.tokensIssued()).isZero();

      // 00:31 Central: each node calls twice, at the same moment.
      clock.set(Instant.parse("2026-11-17T06:31:00Z"));
      CyclicBarrier start = new CyclicBarrier(2);
      List<CompletableFuture<List<NightlyPulls.Pulled>>> both = new ArrayList<>();
      for (TestHub node : List.of(one, two)) {
        both.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                    List<NightlyPulls.Pulled> made =
                        new ArrayList<>(node.bean(NightlyPulls.class).pullDue());
                    made.addAll(node.bean(NightlyPulls.class).pullDue());
                    return made;
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      List<NightlyPulls.Pulled> pulls = new ArrayList<>();
      for (CompletableFuture<List<NightlyPulls.Pulled>> f : both) {
        pulls.addAll(f.get());
      }
      assertThat(pulls)
          .as("one pull of each OneRoster API district between the two nodes")
          .extracting(NightlyPulls.Pulled::district, NightlyPulls.Pulled::source)
          .containsExactlyInAnyOrder(tuple("or-night", "oneroster"), tuple("or-both", "oneroster"));
      assertThat(pulls).allSatisfy(p -> assertThat(p.outcome().loaded()).isTrue());
      assertThat(powerSchool.tokensIssued()).isZero();
      assertThat(one.count("or-night", "students")).isEqualTo(12);
      assertThat(one.count("or-both", "students")).isEqualTo(12);
      assertThat(one.count("or-sftp", "students")).isZero();
      OneRosterConnections.Settings pulled =
          one.bean(OneRosterConnections.class).find("or-night").orElseThrow();
      assertThat(pulled.lastPullAt()).isEqualTo(Instant.parse("2026-11-17T06:31:00Z"));
      assertThat(pulled.lastPullOk()).isTrue();
      assertThat(pulled.lastPullSummary()).contains("students 12 rows LOADED");
      assertThat(
              one.jdbc()
                  .sql(
                      "select actor from audit_event where district = 'or-night' and action ="
                          + " 'oneroster.pull' and target = ?")
                  .param(server.base().toString())
                  .query(String.class)
                  .list())
          .containsExactly("nightly");

      // Later the same night: nothing more.
      clock.set(Instant.parse("2026-11-17T07:30:00Z"));
      assertThat(one.bean(NightlyPulls.class).pullDue()).isEmpty();

      // The next night the teachers are out of the client's scope: nothing of the pull is applied,
      // and the night shows each of its data sets failed with the reason, not missing.
      server.forbid("teachers");
      roster.people.removeIf(p -> p.id().equals("stu-1"));
      clock.set(Instant.parse("2026-11-18T06:31:00Z"));
      List<NightlyPulls.Pulled> failed = two.bean(NightlyPulls.class).pullDue();
      assertThat(failed)
          .extracting(NightlyPulls.Pulled::district)
          .containsExactlyInAnyOrder("or-night", "or-both");
      assertThat(failed).allSatisfy(p -> assertThat(p.outcome().loaded()).isFalse());
      assertThat(one.count("or-night", "students")).as("the live students stay").isEqualTo(12);

      District d = districts.find("or-night").orElseThrow();
      Map<DataSet, DataSetNight> night =
          one
              .bean(NightlyEvaluation.class)
              .judge(d, LocalDate.of(2026, 11, 17), Instant.parse("2026-11-18T09:00:00Z"))
              .sets()
              .stream()
              .filter(s -> s.feed().part() == null)
              .collect(Collectors.toMap(s -> s.feed().dataSet(), s -> s));
      for (DataSet set : List.of(DataSet.STUDENTS, DataSet.TEACHERS, DataSet.COURSE_CROSSWALK)) {
        assertThat(night.get(set).state()).as(set.id()).isEqualTo(NightState.FAILED);
        assertThat(night.get(set).reason())
            .as(set.id())
            .contains("OneRoster " + set.id() + " was not pulled")
            .contains("teachers is forbidden to client id 'night-client' (HTTP 403)")
            .doesNotContain("or-secret");
      }
      OneRosterConnections.Settings afterFailure =
          one.bean(OneRosterConnections.class).find("or-night").orElseThrow();
      assertThat(afterFailure.lastPullOk()).isFalse();
      assertThat(afterFailure.lastPullSummary())
          .startsWith("0 of 3 data sets pulled: ")
          .contains("HTTP 403");
    }
  }
}
