package org.pathways.hub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathways.hub.district.DataSet.COURSE_CROSSWALK;
import static org.pathways.hub.district.DataSet.GRADES;
import static org.pathways.hub.district.DataSet.STUDENTS;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.onboarding.TimelineStep.Status;

/** The timeline as a plain function, on fixed clocks, including the night the clocks go back. */
class OnboardingTimelineTest {

  static final LocalDate KICKOFF = LocalDate.of(2026, 10, 5); // a Monday
  static final LocalDate TRAINING = LocalDate.of(2026, 10, 26);
  static final Set<DataSet> EXPECTED = Set.of(STUDENTS, COURSE_CROSSWALK, GRADES);

  static Plan plan(TransferMethod method, LocalTime deadline) {
    return new Plan(KICKOFF, TRAINING, method, deadline, 3, EXPECTED);
  }

  static Plan plan() {
    return plan(TransferMethod.SFTP, Integration.DEFAULT_DEADLINE);
  }

  /** A fixed clock at a Central wall-clock time (outside the repeated hour of a DST change). */
  static Clock at(String centralLocal) {
    return Clock.fixed(central(centralLocal), java.time.ZoneOffset.UTC);
  }

  static Instant central(String local) {
    return LocalDateTime.parse(local).atZone(OnboardingTimeline.CENTRAL).toInstant();
  }

  static Timeline compute(Plan plan, Facts facts, Clock clock) {
    return OnboardingTimeline.compute(plan, facts, Map.of(), clock);
  }

  /** Every expected data set sent at the given Central times. */
  static List<Facts.Arrival> nightly(Instant... times) {
    List<Facts.Arrival> out = new ArrayList<>();
    for (Instant t : times) {
      for (DataSet d : EXPECTED) {
        out.add(new Facts.Arrival(d, t));
      }
    }
    return out;
  }

  static Facts sent(List<Facts.Arrival> arrivals) {
    return new Facts(null, null, Map.of(), arrivals);
  }

  @Test
  void stepsAreDueFromTheKickoffAndTheTrainingAndPastDueOnesStandOut() {
    Timeline t = compute(plan(), Facts.none(), at("2026-10-08T09:00"));

    assertThat(t.steps()).extracting(TimelineStep::step).containsExactly(Step.values());
    assertThat(t.step(Step.SFTP_READY).due()).isEqualTo("2026-10-07");
    assertThat(t.step(Step.FIRST_FILES).due()).isEqualTo("2026-10-11");
    assertThat(t.step(Step.WORKSHEET).due()).isEqualTo("2026-10-11");
    assertThat(t.step(Step.VALIDATION).due()).isEqualTo("2026-10-18");
    assertThat(t.step(Step.AUTOMATIC_SENDS).due()).isEqualTo("2026-10-18");
    assertThat(t.step(Step.FINAL_REVIEW).due()).isEqualTo("2026-10-23");
    assertThat(t.step(Step.TRAINING).due()).isEqualTo("2026-10-26");

    assertThat(t.step(Step.SFTP_READY).status()).isEqualTo(Status.OVERDUE);
    assertThat(t.step(Step.SFTP_READY).status().label()).isEqualTo("Past due");
    assertThat(t.step(Step.FIRST_FILES).status()).isEqualTo(Status.OPEN);
    assertThat(t.current()).get().extracting(TimelineStep::step).isEqualTo(Step.SFTP_READY);
    assertThat(t.overdueCount()).isEqualTo(1);
    assertThat(t.warnings()).isEmpty();

    // On its due day a step is not yet past due.
    assertThat(compute(plan(), Facts.none(), at("2026-10-07T23:59")).overdue()).isFalse();
  }

  @Test
  void withoutDatesNothingIsDueAndThePlanSaysWhy() {
    Plan undated = new Plan(null, null, TransferMethod.SFTP, LocalTime.of(2, 0), 3, EXPECTED);
    Timeline t = compute(undated, Facts.none(), at("2027-01-01T12:00"));
    assertThat(t.steps()).allSatisfy(s -> assertThat(s.due()).isNull());
    assertThat(t.overdue()).isFalse();
    assertThat(t.warnings()).hasSize(2).first().asString().contains("No kick-off date");

    Plan rushed =
        new Plan(
            KICKOFF, KICKOFF.plusDays(10), TransferMethod.SFTP, LocalTime.of(2, 0), 3, EXPECTED);
    assertThat(compute(rushed, Facts.none(), at("2026-10-06T12:00")).warnings())
        .singleElement()
        .asString()
        .contains("less than the two weeks");
  }

  @Test
  void theConnectionStepIsDoneBySftpSignInOrApiUseAndNotNeededForManualUploads() {
    Instant login = central("2026-10-06T10:15");
    Facts seen =
        new Facts(
            new Facts.Connection(login, "An SFTP sign-in of the district was seen"),
            null,
            Map.of(),
            List.of());
    TimelineStep sftp = compute(plan(), seen, at("2026-10-09T12:00")).step(Step.SFTP_READY);
    assertThat(sftp.status()).isEqualTo(Status.DONE);
    assertThat(sftp.doneAt()).isEqualTo(login);
    assertThat(sftp.detail()).isEqualTo("An SFTP sign-in of the district was seen");
    assertThat(sftp.doneBy()).isEqualTo(TimelineStep.HUB);
    assertThat(sftp.marked()).isFalse();

    Plan api = plan(TransferMethod.API, LocalTime.of(2, 0));
    assertThat(compute(api, seen, at("2026-10-09T12:00")).step(Step.SFTP_READY).status())
        .as("an SFTP sign-in does not show an API connection")
        .isEqualTo(Status.OVERDUE);
    Facts used =
        new Facts(
            null,
            new Facts.Connection(login, "The PowerSchool connection test passed"),
            Map.of(),
            List.of());
    TimelineStep connected = compute(api, used, at("2026-10-09T12:00")).step(Step.SFTP_READY);
    assertThat(connected.status()).isEqualTo(Status.DONE);
    assertThat(connected.detail()).isEqualTo("The PowerSchool connection test passed");

    Timeline manual =
        compute(
            plan(TransferMethod.MANUAL, LocalTime.of(2, 0)), Facts.none(), at("2026-10-20T12:00"));
    assertThat(manual.step(Step.SFTP_READY).status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(manual.step(Step.AUTOMATIC_SENDS).status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(manual.current()).get().extracting(TimelineStep::step).isEqualTo(Step.FIRST_FILES);
  }

  @Test
  void theWorksheetStepsAreDoneWhenTheWorksheetIsFilledInAndApproved() {
    Instant filled = central("2026-10-09T15:00");
    Timeline none = compute(plan(), Facts.none(), at("2026-10-12T08:00"));
    assertThat(none.step(Step.WORKSHEET).status()).isEqualTo(Status.OVERDUE);
    assertThat(none.step(Step.FINAL_REVIEW).status()).isEqualTo(Status.OPEN);

    WorksheetStatus saved = new WorksheetStatus(filled, "it@district.test", true, null, null, null);
    Timeline stated = compute(plan(), Facts.none().withWorksheet(saved), at("2026-10-12T08:00"));
    assertThat(stated.step(Step.WORKSHEET).status()).isEqualTo(Status.DONE);
    assertThat(stated.step(Step.WORKSHEET).doneAt()).isEqualTo(filled);
    assertThat(stated.step(Step.WORKSHEET).detail()).contains("it@district.test");
    assertThat(stated.step(Step.FINAL_REVIEW).status()).isEqualTo(Status.OPEN);

    WorksheetStatus empty =
        new WorksheetStatus(filled, "it@district.test", false, null, null, null);
    assertThat(
            compute(plan(), Facts.none().withWorksheet(empty), at("2026-10-12T08:00"))
                .step(Step.WORKSHEET)
                .status())
        .as("saved without stating anything")
        .isEqualTo(Status.OVERDUE);

    Instant approved = central("2026-10-19T10:00");
    WorksheetStatus ok =
        new WorksheetStatus(filled, "it@district.test", true, approved, "eng@hub.test", "ok");
    TimelineStep review =
        compute(plan(), Facts.none().withWorksheet(ok), at("2026-10-20T08:00"))
            .step(Step.FINAL_REVIEW);
    assertThat(review.status()).isEqualTo(Status.DONE);
    assertThat(review.doneAt()).isEqualTo(approved);
    assertThat(review.detail()).contains("approved for training by eng@hub.test");
  }

  @Test
  void firstFilesAreDoneWhenEveryExpectedDataSetWasLoaded() {
    Map<DataSet, Instant> first = new EnumMap<>(DataSet.class);
    first.put(STUDENTS, central("2026-10-07T20:00"));
    first.put(DataSet.IBC, central("2026-10-07T20:00")); // not expected: does not count
    TimelineStep partial =
        compute(plan(), new Facts(null, null, first, List.of()), at("2026-10-12T08:00"))
            .step(Step.FIRST_FILES);
    assertThat(partial.status()).isEqualTo(Status.OVERDUE);
    assertThat(partial.detail())
        .contains("Loaded: students")
        .contains("missing: course_crosswalk, grades");

    first.put(COURSE_CROSSWALK, central("2026-10-08T20:00"));
    first.put(GRADES, central("2026-10-09T21:30"));
    TimelineStep done =
        compute(plan(), new Facts(null, null, first, List.of()), at("2026-10-12T08:00"))
            .step(Step.FIRST_FILES);
    assertThat(done.status()).isEqualTo(Status.DONE);
    assertThat(done.doneAt()).isEqualTo(central("2026-10-09T21:30"));
  }

  @Test
  void anEngineersMarkDoesAStepAndUndoingItLeavesWhatTheHubSees() {
    Map<Step, Mark> marks = new EnumMap<>(Step.class);
    Instant at = central("2026-10-09T15:00");
    marks.put(Step.WORKSHEET, new Mark(Step.WORKSHEET, at, "eng@hub.test", "Received by email"));
    marks.put(Step.SFTP_READY, new Mark(Step.SFTP_READY, at, "eng@hub.test", "Tested on a call"));
    Timeline t = OnboardingTimeline.compute(plan(), Facts.none(), marks, at("2026-10-12T08:00"));
    TimelineStep worksheet = t.step(Step.WORKSHEET);
    assertThat(worksheet.status()).isEqualTo(Status.DONE);
    assertThat(worksheet.marked()).isTrue();
    assertThat(worksheet.doneBy()).isEqualTo("eng@hub.test");
    assertThat(worksheet.note()).isEqualTo("Received by email");
    assertThat(t.step(Step.SFTP_READY).status()).isEqualTo(Status.DONE);
    assertThat(t.current()).get().extracting(TimelineStep::step).isEqualTo(Step.FIRST_FILES);

    marks.remove(Step.SFTP_READY);
    assertThat(
            OnboardingTimeline.compute(plan(), Facts.none(), marks, at("2026-10-12T08:00"))
                .step(Step.SFTP_READY)
                .status())
        .isEqualTo(Status.OVERDUE);
  }

  @Test
  void automaticSendsAreDoneAfterThreeConsecutiveOnTimeNights() {
    // Nights of the 12th, 13th and 15th on time; the 14th came at 03:10, after the deadline.
    List<Facts.Arrival> arrivals =
        nightly(
            central("2026-10-12T23:40"),
            central("2026-10-14T01:10"),
            central("2026-10-15T03:10"),
            central("2026-10-15T22:00"));
    Timeline t = compute(plan(), sent(arrivals), at("2026-10-16T09:00"));
    TimelineStep sends = t.step(Step.AUTOMATIC_SENDS);
    assertThat(sends.status()).isEqualTo(Status.OPEN);
    assertThat(t.streak()).isEqualTo(1);
    assertThat(sends.detail()).contains("1 of 3");
    Night late =
        t.nights().stream()
            .filter(n -> n.date().equals(LocalDate.of(2026, 10, 14)))
            .findFirst()
            .orElseThrow();
    assertThat(late.complete()).isFalse();
    assertThat(late.late()).isEqualTo(EXPECTED);

    arrivals.addAll(nightly(central("2026-10-16T23:00"), central("2026-10-18T00:30")));
    Timeline later = compute(plan(), sent(arrivals), at("2026-10-18T09:00"));
    assertThat(later.streak()).isEqualTo(3);
    TimelineStep done = later.step(Step.AUTOMATIC_SENDS);
    assertThat(done.status()).isEqualTo(Status.DONE);
    assertThat(done.doneAt()).isEqualTo(central("2026-10-18T00:30"));
    assertThat(done.detail()).contains("night of Sat 2026-10-17");

    // A missing data set breaks a night, even when the others came.
    List<Facts.Arrival> gappy = new ArrayList<>(nightly(central("2026-10-12T23:40")));
    gappy.add(new Facts.Arrival(STUDENTS, central("2026-10-13T23:40")));
    gappy.addAll(nightly(central("2026-10-14T23:40"), central("2026-10-15T23:40")));
    Timeline broken = compute(plan(), sent(gappy), at("2026-10-16T09:00"));
    assertThat(broken.streak()).isEqualTo(2);
    assertThat(broken.step(Step.AUTOMATIC_SENDS).status()).isEqualTo(Status.OPEN);
  }

  @Test
  void tonightsFilesCountOnceTheyAreAllInButTonightDoesNotBreakTheStreakBeforeItsDeadline() {
    List<Facts.Arrival> arrivals =
        nightly(central("2026-10-12T23:00"), central("2026-10-13T23:00"));
    // 23:30 on the 14th: tonight's files not sent yet; two nights so far.
    assertThat(compute(plan(), sent(arrivals), at("2026-10-14T23:30")).streak()).isEqualTo(2);
    // 01:30 on the 15th, before the deadline, tonight's files are in: three.
    arrivals.addAll(nightly(central("2026-10-15T01:20")));
    Timeline t = compute(plan(), sent(arrivals), at("2026-10-15T01:30"));
    assertThat(t.streak()).isEqualTo(3);
    assertThat(t.step(Step.AUTOMATIC_SENDS).status()).isEqualTo(Status.DONE);
  }

  @Test
  void onTheNightTheClocksGoBackAFileAt0130CstIsBeforeA2amDeadline() {
    // 2026-11-01 in Chicago: 01:00-01:59 happens twice, first in CDT (UTC-5), then in CST (UTC-6).
    Instant firstOneThirty = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 CDT
    Instant secondOneThirty = Instant.parse("2026-11-01T07:30:00Z"); // 01:30 CST
    Instant twoThirty = Instant.parse("2026-11-01T08:30:00Z"); // 02:30 CST
    LocalTime two = LocalTime.of(2, 0);
    LocalDate saturday = LocalDate.of(2026, 10, 31);

    assertThat(OnboardingTimeline.place(firstOneThirty, two))
        .isEqualTo(new OnboardingTimeline.Placement(saturday, true));
    assertThat(OnboardingTimeline.place(secondOneThirty, two))
        .as("an hour later by the sun, still before 2 a.m. on the clock")
        .isEqualTo(new OnboardingTimeline.Placement(saturday, true));
    assertThat(OnboardingTimeline.place(twoThirty, two))
        .isEqualTo(new OnboardingTimeline.Placement(saturday, false));

    // Three on-time nights, the last one sent during the repeated hour.
    List<Facts.Arrival> arrivals =
        nightly(central("2026-10-29T23:00"), central("2026-10-30T23:00"), secondOneThirty);
    // At 01:45 CST the night of the 31st is still open (its deadline is 08:00Z, not 07:00Z)...
    Clock repeatedHour =
        Clock.fixed(Instant.parse("2026-11-01T07:45:00Z"), java.time.ZoneOffset.UTC);
    Timeline during = compute(plan(), sent(arrivals), repeatedHour);
    assertThat(during.nights().get(0).date()).isEqualTo(saturday);
    assertThat(during.nights().get(0).closed()).isFalse();
    assertThat(during.step(Step.AUTOMATIC_SENDS).status()).isEqualTo(Status.DONE);
    assertThat(during.step(Step.AUTOMATIC_SENDS).detail()).contains("Sat 2026-10-31");

    // ...and a file of that night at 02:30 CST is late: the night is missed, the streak broken.
    List<Facts.Arrival> lateOnes =
        nightly(central("2026-10-29T23:00"), central("2026-10-30T23:00"), twoThirty);
    Timeline after = compute(plan(), sent(lateOnes), at("2026-11-01T09:00"));
    assertThat(after.nights().get(0).late()).isEqualTo(EXPECTED);
    assertThat(after.streak()).isZero();
    assertThat(after.step(Step.AUTOMATIC_SENDS).status()).as("due 10-18").isEqualTo(Status.OVERDUE);
    assertThat(after.step(Step.AUTOMATIC_SENDS).detail())
        .contains("The night of Sat 2026-10-31 missed");
  }

  @Test
  void aCognosDistrictsDeadlineIsOneAm() {
    assertThat(Integration.defaultDeadline("Cognos")).isEqualTo(LocalTime.of(1, 0));
    assertThat(Integration.defaultDeadline("Ascender")).isEqualTo(LocalTime.of(2, 0));
    Plan cognos = plan(TransferMethod.SFTP, Integration.COGNOS_DEADLINE);
    Instant at0059 = central("2026-10-13T00:59");
    Instant at0130 = central("2026-10-13T01:30");
    assertThat(OnboardingTimeline.place(at0059, Integration.COGNOS_DEADLINE).onTime()).isTrue();
    assertThat(OnboardingTimeline.place(at0130, Integration.COGNOS_DEADLINE).onTime()).isFalse();
    assertThat(OnboardingTimeline.place(at0130, Integration.DEFAULT_DEADLINE).onTime()).isTrue();

    List<Facts.Arrival> arrivals =
        nightly(central("2026-10-10T23:00"), central("2026-10-12T00:50"), at0130);
    assertThat(compute(cognos, sent(arrivals), at("2026-10-13T12:00")).streak())
        .as("the night of the 12th was late at 01:30")
        .isZero();
    assertThat(compute(plan(), sent(arrivals), at("2026-10-13T12:00")).streak())
        .as("the same files are on time for a 2 a.m. deadline")
        .isEqualTo(3);

    // On the night the clocks go back, 00:30 CDT is before a Cognos deadline, 01:30 CST is not.
    LocalDate saturday = LocalDate.of(2026, 10, 31);
    assertThat(
            OnboardingTimeline.place(
                Instant.parse("2026-11-01T05:30:00Z"), Integration.COGNOS_DEADLINE))
        .isEqualTo(new OnboardingTimeline.Placement(saturday, true));
    assertThat(
            OnboardingTimeline.place(
                Instant.parse("2026-11-01T07:30:00Z"), Integration.COGNOS_DEADLINE))
        .isEqualTo(new OnboardingTimeline.Placement(saturday, false));
  }

  @Test
  void theStageNamesTheCurrentStepAndWhetherAnythingIsPastDue() {
    assertThat(new OnboardingStage(Step.FIRST_FILES, true, true).label())
        .isEqualTo("First files (past due)");
    assertThat(new OnboardingStage(Step.SFTP_READY, false, false).label())
        .isEqualTo("Not scheduled: Connection set up");
    assertThat(new OnboardingStage(null, false, true).label()).isEqualTo("Complete");
  }

  @Test
  void aDaytimeDeadlineIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Plan(KICKOFF, TRAINING, TransferMethod.SFTP, LocalTime.NOON, 3, EXPECTED))
        .hasMessageContaining("before noon");
  }
}
