package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Two hub nodes on one database record each night once between them, and a node that was down
 * catches up on the nights it missed when it starts again.
 */
class NightlyNodesTest {

  @Test
  void twoNodesRecordEachNightOnceAndARestartCatchesUp() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    // Night of Mon 2026-11-16, students sent at 23:00 CST; judged at 02:05 CST on Tuesday.
    TestClock clock = new TestClock(Instant.parse("2026-11-17T05:00:00Z"));
    TestHub one = TestHub.startWithClock(store, clock);
    TestHub two = null;
    try {
      for (String code : List.of("north-isd", "south-isd", "east-isd")) {
        one.addDistrict(code, State.TX, "standard");
        for (DataSet ds : DataSet.values()) {
          if (ds != DataSet.STUDENTS) {
            one.bean(Expectations.class)
                .setNights(code, Feed.whole(ds), EnumSet.noneOf(DayOfWeek.class), "test");
          }
        }
        one.ingestAt(code, "students.txt", Sample.students(4), clock.instant());
      }
      two = TestHub.startWithClock(store, clock);
      List<NightEvaluated> seenByOne = one.events(NightEvaluated.class);
      List<NightEvaluated> seenByTwo = two.events(NightEvaluated.class);
      clock.set(Instant.parse("2026-11-17T08:05:00Z"));

      // Both nodes evaluate at the same moment, several times over.
      CyclicBarrier start = new CyclicBarrier(2);
      List<CompletableFuture<Void>> both = new ArrayList<>();
      for (TestHub node : List.of(one, two)) {
        both.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  for (int i = 0; i < 3; i++) {
                    node.bean(NightlyEvaluation.class).evaluateDue();
                  }
                }));
      }
      CompletableFuture.allOf(both.toArray(new CompletableFuture[0])).get();
      assertThat(seenByOne.size() + seenByTwo.size())
          .as("three districts' night, recorded once between the two nodes")
          .isEqualTo(3);
      assertThat(
              one.jdbc()
                  .sql("select count(*) from night_status where night = ?")
                  .param(LocalDate.of(2026, 11, 16))
                  .query(Long.class)
                  .single())
          .isEqualTo(3);

      // Both nodes stop; the districts keep sending; a node starts again three nights later.
      two.stopKeepingStore();
      two = null;
      one.stopKeepingStore();
      one = null;
      clock.set(Instant.parse("2026-11-20T08:05:00Z"));
      TestHub again = TestHub.startWithClock(store, clock);
      one = again;
      List<NightEvaluated> caughtUp = again.events(NightEvaluated.class);
      again.bean(NightlyEvaluation.class).evaluateDue();
      assertThat(caughtUp)
          .extracting(e -> e.night().district() + " " + e.night().night())
          .containsExactlyInAnyOrder(
              "north-isd 2026-11-17",
              "north-isd 2026-11-18",
              "north-isd 2026-11-19",
              "south-isd 2026-11-17",
              "south-isd 2026-11-18",
              "south-isd 2026-11-19",
              "east-isd 2026-11-17",
              "east-isd 2026-11-18",
              "east-isd 2026-11-19");
      assertThat(caughtUp).allMatch(e -> e.night().sets().get(0).state() == NightState.MISSING);
    } finally {
      if (two != null) {
        two.stopKeepingStore();
      }
      if (one != null) {
        one.close();
      } else {
        store.drop();
      }
    }
  }
}
