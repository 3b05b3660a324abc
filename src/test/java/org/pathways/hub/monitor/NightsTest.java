package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.monitor.Nights.Received;

class NightsTest {

  static final LocalTime TWO = LocalTime.of(2, 0);
  static final LocalTime ONE = LocalTime.of(1, 0);

  @Test
  void deadlinesFallOnTheCentralClockAcrossBothDaylightSavingChanges() {
    assertThat(Nights.deadline(LocalDate.of(2026, 11, 29), TWO))
        .isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 7, 1), TWO))
        .isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
    // Fall back: 2 a.m. CST comes once, after 1 a.m. has been lived twice; that night is 25 hours.
    assertThat(Nights.deadline(LocalDate.of(2026, 11, 1), TWO))
        .isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 10, 31), TWO))
        .isEqualTo(Instant.parse("2026-10-31T07:00:00Z"));
    // Spring forward: 2 a.m. does not exist; the deadline is 3 a.m. CDT, the same instant.
    assertThat(Nights.deadline(LocalDate.of(2026, 3, 8), TWO))
        .isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 11, 29), ONE))
        .isEqualTo(Instant.parse("2026-11-29T07:00:00Z"));
  }

  @Test
  void lastNightIsTheLatestWhoseDeadlineHasPassed() {
    Instant halfPastOne = Instant.parse("2026-11-29T07:30:00Z"); // 01:30 CST
    assertThat(Nights.lastNight(halfPastOne, TWO)).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(Nights.lastNight(halfPastOne, ONE)).isEqualTo(LocalDate.of(2026, 11, 29));
    assertThat(Nights.lastNight(Instant.parse("2026-11-29T08:00:00Z"), TWO))
        .isEqualTo(LocalDate.of(2026, 11, 29));
    // 23:30 CST on the 29th is still before the deadline of the 30th.
    assertThat(Nights.lastNight(Instant.parse("2026-11-30T05:30:00Z"), TWO))
        .isEqualTo(LocalDate.of(2026, 11, 29));
  }

  @Test
  void eachExpectedDataSetIsOkLateMissingHeldOrFailed() {
    LocalDate night = LocalDate.of(2026, 11, 29);
    List<Received> runs =
        List.of(
            // students: rejected at 23:10, then a good resend at 01:59 the same night
            new Received(1, DataSet.STUDENTS, "REJECTED", Instant.parse("2026-11-29T05:10:00Z")),
            new Received(2, DataSet.STUDENTS, "LOADED", Instant.parse("2026-11-29T07:59:00Z")),
            // teachers: one minute after the deadline
            new Received(3, DataSet.TEACHERS, "LOADED", Instant.parse("2026-11-29T08:01:00Z")),
            // grades: held; users: the night before's file only, so missing tonight
            new Received(4, DataSet.GRADES, "HELD", Instant.parse("2026-11-29T06:00:00Z")),
            new Received(5, DataSet.USERS, "LOADED", Instant.parse("2026-11-28T07:00:00Z")),
            new Received(6, DataSet.GPA, "REJECTED", Instant.parse("2026-11-29T06:00:00Z")),
            new Received(
                7, DataSet.COURSE_CROSSWALK, "DUPLICATE", Instant.parse("2026-11-29T06:00:00Z")));
    List<DataSetNight> judged =
        Nights.judge(
            night,
            TWO,
            Set.of(
                DataSet.STUDENTS,
                DataSet.TEACHERS,
                DataSet.USERS,
                DataSet.COURSE_CROSSWALK,
                DataSet.GRADES,
                DataSet.GPA,
                DataSet.IBC),
            runs);
    assertThat(judged)
        .extracting(d -> d.dataSet().name() + " " + d.state() + " " + d.runId())
        .containsExactlyInAnyOrder(
            "STUDENTS OK 2",
            "TEACHERS LATE 3",
            "USERS MISSING null",
            "COURSE_CROSSWALK OK 7",
            "GRADES HELD 4",
            "GPA FAILED 6",
            "IBC MISSING null");
    assertThat(judged.get(0).dataSet()).as("in load order").isEqualTo(DataSet.STUDENTS);
    assertThat(new DistrictNight("x", night, Instant.EPOCH, judged).needsAttention()).isTrue();
  }
}
