package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.pull.NightlyPulls;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The nightly pull: at the pull time of each night, once per API district, whichever of two nodes
 * gets there first; never for a district whose data comes by SFTP.
 */
class PowerSchoolNightlyTest {

  @Test
  void eachApiDistrictIsPulledOnceANightByOneOfTwoNodes(@TempDir Path dir) throws Exception {
    new NativeWriter("")
        .write(
            new ProfileCatalog().get("powerschool-tx"),
            new DistrictGenerator(State.TX, 30, 3L, LocalDate.of(2026, 11, 16)).generate(),
            dir);
    TestStore.Prepared store = TestStore.SERVER.prepare();
    // Monday 2026-11-16, 23:00 Central: before the 00:30 pull of Monday's night.
    TestClock clock = new TestClock(Instant.parse("2026-11-17T05:00:00Z"));
    try (TestHub one = TestHub.startWithClock(store, clock);
        TestHub two = TestHub.startWithClock(store, clock);
        PowerSchoolServer server = new PowerSchoolServer("night-client", "night-secret", 100)) {
      server.serveFiles(dir);
      for (String code : List.of("ps-night", "ps-sftp")) {
        one.bean(DistrictRepository.class)
            .add(new District(code, code + " ISD", State.TX, "powerschool-tx", 10));
        one.bean(PowerSchoolConnections.class)
            .save(code, server.url().toString(), "night-client", "night-secret", "engineer");
      }
      District sftp = one.bean(DistrictRepository.class).find("ps-sftp").orElseThrow();
      one.bean(Onboarding.class).saveSettings(sftp, TransferMethod.SFTP, null, 3, "engineer");

      assertThat(one.bean(NightlyPulls.class).pullDue()).isEmpty();
      assertThat(server.tokensIssued()).isZero();

      clock.set(Instant.parse("2026-11-17T06:31:00Z"));
      CyclicBarrier start = new CyclicBarrier(2);
      List<CompletableFuture<Integer>> both = new ArrayList<>();
      for (TestHub node : List.of(one, two)) {
        both.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                    return node.bean(NightlyPulls.class).pullDue().size()
                        + node.bean(NightlyPulls.class).pullDue().size();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      int pulls = 0;
      for (CompletableFuture<Integer> f : both) {
        pulls += f.get();
      }
      assertThat(pulls).as("one pull of the API district between the two nodes").isOne();
      assertThat(server.tokensIssued()).isOne();
      assertThat(one.count("ps-night", "students"))
          .isEqualTo(server.rows("com.pathways.hub.students"));
      assertThat(one.count("ps-sftp", "students")).isZero();
      assertThat(
              one.jdbc()
                  .sql(
                      "select actor from audit_event where district = 'ps-night' and action ="
                          + " 'powerschool.pull'")
                  .query(String.class)
                  .list())
          .containsExactly("nightly");

      // Later the same night: nothing more. The next night: pulled again.
      clock.set(Instant.parse("2026-11-17T07:30:00Z"));
      assertThat(one.bean(NightlyPulls.class).pullDue()).isEmpty();
      clock.set(Instant.parse("2026-11-18T06:31:00Z"));
      assertThat(two.bean(NightlyPulls.class).pullDue())
          .extracting(NightlyPulls.Pulled::district, NightlyPulls.Pulled::source)
          .containsExactly(tuple("ps-night", "powerschool"));
    }
  }
}
