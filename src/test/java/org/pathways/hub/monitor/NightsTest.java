package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.monitor.Nights.Received;

class NightsTest {

  static final LocalTime TWO = LocalTime.of(2, 0);
  static final LocalTime ONE = LocalTime.of(1, 0);
  static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");

  static NightPlan plan(LocalTime deadline, Set<DataSet> sets, List<Pause> pauses) {
    Map<Feed, Set<DayOfWeek>> nights = new LinkedHashMap<>();
    sets.forEach(ds -> nights.put(Feed.whole(ds), NightPlan.EVERY_NIGHT));
    return new NightPlan(deadline, nights, pauses, List.of());
  }

  @Test
  void aNightIsNamedByItsFirstDayAndDueEarlyTheNextOnTheCentralClock() {
    assertThat(Nights.deadline(LocalDate.of(2026, 11, 28), TWO))
        .isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 6, 30), TWO))
        .isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 11, 28), ONE))
        .isEqualTo(Instant.parse("2026-11-29T07:00:00Z"));
  }

  @Test
  void theAutumnNightIs25HoursAndItsDeadlineComesAfterBothOneOClocks() {
    // 2026-11-01: 01:00-01:59 happens twice (CDT, then CST); 2 a.m. CST is 08:00Z.
    Instant deadline = Nights.deadline(LocalDate.of(2026, 10, 31), TWO);
    assertThat(deadline).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(Nights.deadline(LocalDate.of(2026, 10, 30), TWO))
        .isEqualTo(Instant.parse("2026-10-31T07:00:00Z"));
    NightPlan p = plan(TWO, Set.of(DataSet.STUDENTS, DataSet.TEACHERS), List.of());
    List<Received> runs =
        List.of(
            // 01:30 CST, the second 1:30: still before the deadline
            new Received(
                1, DataSet.STUDENTS, null, "LOADED", Instant.parse("2026-11-01T07:30:00Z"), "ok"),
            // 02:10 CST: late
            new Received(
                2, DataSet.TEACHERS, null, "LOADED", Instant.parse("2026-11-01T08:10:00Z"), "ok"));
    assertThat(Nights.judge(LocalDate.of(2026, 10, 31), p, runs, LATER))
        .extracting(d -> d.feed().dataSet().name() + " " + d.state())
        .containsExactly("STUDENTS OK", "TEACHERS LATE");
    // With a 1 a.m. deadline (Cognos) the same night: the second 1 a.m. (CST) counts, so a file at
    // the first 1:30 (CDT) is on time and one at the second 1:30 (CST) is late.
    assertThat(Nights.deadline(LocalDate.of(2026, 10, 31), ONE))
        .isEqualTo(Instant.parse("2026-11-01T07:00:00Z"));
    assertThat(
            Nights.judge(
                    LocalDate.of(2026, 10, 31),
                    plan(ONE, Set.of(DataSet.STUDENTS), List.of()),
                    List.of(
                        new Received(
                            9,
                            DataSet.STUDENTS,
                            null,
                            "LOADED",
                            Instant.parse("2026-11-01T06:30:00Z"),
                            "")),
                    LATER)
                .get(0)
                .state())
        .isEqualTo(NightState.OK);
    assertThat(
            Nights.judge(
                LocalDate.of(2026, 10, 31),
                plan(ONE, Set.of(DataSet.STUDENTS), List.of()),
                runs,
                LATER))
        .extracting(d -> d.state() + " " + d.reason())
        .containsExactly(
            "LATE The students file came 30 minutes after the Sun 01:00 CST deadline (Sun 01:30 CST, loaded). Schedule the export earlier.");
  }

  @Test
  void theSpringNightHasNoTwoOClockSoTheDeadlineIsThreeCdt() {
    // 2026-03-08: 02:00-02:59 does not exist.
    Instant deadline = Nights.deadline(LocalDate.of(2026, 3, 7), TWO);
    assertThat(deadline).isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
    NightPlan p = plan(TWO, Set.of(DataSet.STUDENTS), List.of());
    // 01:59 CST is on time; 03:01 CDT (08:01Z) is a minute late.
    assertThat(
            Nights.judge(
                    LocalDate.of(2026, 3, 7),
                    p,
                    List.of(
                        new Received(
                            1,
                            DataSet.STUDENTS,
                            null,
                            "LOADED",
                            Instant.parse("2026-03-08T07:59:00Z"),
                            "")),
                    LATER)
                .get(0)
                .state())
        .isEqualTo(NightState.OK);
    assertThat(
            Nights.judge(
                    LocalDate.of(2026, 3, 7),
                    p,
                    List.of(
                        new Received(
                            1,
                            DataSet.STUDENTS,
                            null,
                            "LOADED",
                            Instant.parse("2026-03-08T08:01:00Z"),
                            "")),
                    LATER)
                .get(0)
                .reason())
        .contains("1 minutes after the Sun 03:00 CDT deadline");
  }

  @Test
  void lastNightIsTheLatestWhoseDeadlineHasPassed() {
    Instant halfPastOne = Instant.parse("2026-11-29T07:30:00Z"); // Sun 01:30 CST
    assertThat(Nights.lastNight(halfPastOne, TWO)).isEqualTo(LocalDate.of(2026, 11, 27));
    assertThat(Nights.lastNight(halfPastOne, ONE)).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(Nights.lastNight(Instant.parse("2026-11-29T08:00:00Z"), TWO))
        .isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(Nights.lastNight(Instant.parse("2026-11-30T05:30:00Z"), TWO))
        .as("23:30 Sunday: the night of Sunday is not over")
        .isEqualTo(LocalDate.of(2026, 11, 28));
  }

  @Test
  void eachExpectedDataSetIsOkLateMissingHeldFailedOrPaused() {
    LocalDate night = LocalDate.of(2026, 11, 28);
    List<Received> runs =
        List.of(
            // students: rejected at 23:10, then a good resend at 01:59
            new Received(
                1,
                DataSet.STUDENTS,
                null,
                "REJECTED",
                Instant.parse("2026-11-29T05:10:00Z"),
                "3 errors"),
            new Received(
                2,
                DataSet.STUDENTS,
                null,
                "LOADED",
                Instant.parse("2026-11-29T07:59:00Z"),
                "1 added"),
            // teachers: one minute after the deadline
            new Received(
                3, DataSet.TEACHERS, null, "LOADED", Instant.parse("2026-11-29T08:01:00Z"), ""),
            new Received(
                4,
                DataSet.GRADES,
                null,
                "HELD",
                Instant.parse("2026-11-29T06:00:00Z"),
                "Would remove 50.0% of records"),
            // users: the previous night's file only, late for that night: missing tonight
            new Received(
                5, DataSet.USERS, null, "LOADED", Instant.parse("2026-11-28T08:30:00Z"), ""),
            new Received(
                6,
                DataSet.GPA,
                null,
                "REJECTED",
                Instant.parse("2026-11-29T06:00:00Z"),
                "1 error; first: INVALID_CODE"),
            new Received(
                7,
                DataSet.COURSE_CROSSWALK,
                null,
                "DUPLICATE",
                Instant.parse("2026-11-29T06:00:00Z"),
                ""),
            // IBC: 13:00 CST, after noon: it belongs to the coming night
            new Received(
                8, DataSet.IBC, null, "LOADED", Instant.parse("2026-11-29T19:00:00Z"), ""));
    Set<DataSet> all =
        EnumSet.of(
            DataSet.STUDENTS,
            DataSet.TEACHERS,
            DataSet.USERS,
            DataSet.COURSE_CROSSWALK,
            DataSet.GRADES,
            DataSet.GPA,
            DataSet.IBC);
    List<DataSetNight> judged = Nights.judge(night, plan(TWO, all, List.of()), runs, LATER);
    assertThat(judged)
        .extracting(d -> d.feed().dataSet().name() + " " + d.state() + " " + d.runId())
        .containsExactlyInAnyOrder(
            "STUDENTS OK 2",
            "TEACHERS LATE 3",
            "USERS MISSING null",
            "COURSE_CROSSWALK OK 7",
            "GRADES HELD 4",
            "GPA FAILED 6",
            "IBC MISSING null");
    assertThat(judged.get(0).feed().dataSet()).as("in load order").isEqualTo(DataSet.STUDENTS);
    assertThat(judged)
        .filteredOn(d -> d.feed().dataSet() == DataSet.GPA)
        .extracting(DataSetNight::reason)
        .containsExactly(
            "The gpa file of Sun 00:00 CST was rejected: 1 error; first: INVALID_CODE. Yesterday's data stays live; see the run for each error and what to do.");
    assertThat(judged)
        .filteredOn(d -> d.feed().dataSet() == DataSet.USERS)
        .extracting(DataSetNight::reason)
        .containsExactly(
            "No users file arrived by the Sun 02:00 CST deadline. Check that the SIS export job ran and could sign in.");

    Pause summer =
        new Pause(1, LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 30), "rollover", "eng");
    assertThat(Nights.judge(night, plan(TWO, all, List.of(summer)), runs, LATER))
        .allMatch(d -> d.state() == NightState.PAUSED && d.reason().contains("rollover"));
  }

  @Test
  void whatWasNotYetReceivedAtTheMomentAskedIsNotCounted() {
    NightPlan p = plan(TWO, Set.of(DataSet.STUDENTS), List.of());
    List<Received> runs =
        List.of(
            new Received(
                1, DataSet.STUDENTS, null, "LOADED", Instant.parse("2026-11-29T08:30:00Z"), ""));
    assertThat(
            Nights.judge(LocalDate.of(2026, 11, 28), p, runs, Instant.parse("2026-11-29T08:05:00Z"))
                .get(0)
                .state())
        .isEqualTo(NightState.MISSING);
    assertThat(
            Nights.judge(LocalDate.of(2026, 11, 28), p, runs, Instant.parse("2026-11-29T09:00:00Z"))
                .get(0)
                .state())
        .isEqualTo(NightState.LATE);
  }

  @Test
  void aManualUploadDistrictIsDueOnceASemester() {
    NightPlan p =
        new NightPlan(
            TWO,
            Map.of(Feed.whole(DataSet.STUDENTS), NightPlan.EVERY_NIGHT),
            List.of(),
            NightPlan.SEMESTER_ENDS);
    assertThat(p.dueOn(LocalDate.of(2026, 12, 19))).isEmpty();
    assertThat(p.dueOn(LocalDate.of(2026, 12, 20))).containsExactly(Feed.whole(DataSet.STUDENTS));
    assertThat(p.windowStart(LocalDate.of(2026, 12, 20))).isEqualTo(LocalDate.of(2026, 5, 31));
    List<Received> runs =
        List.of(
            new Received(
                1, DataSet.STUDENTS, null, "LOADED", Instant.parse("2026-10-02T15:00:00Z"), ""));
    assertThat(Nights.judge(LocalDate.of(2026, 12, 20), p, runs, LATER).get(0).state())
        .as("uploaded in October, within the fall semester")
        .isEqualTo(NightState.OK);
  }
}
