package org.pathways.hub.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.onboarding.TimelineStep.Status;

/**
 * The onboarding timeline as a plain function of the plan, what the hub has seen, the engineer's
 * marks and the clock: no database, no Spring, so every rule is tested on any date.
 *
 * <p>Nights are counted on the Central calendar. A night is named by the day it starts on; a file
 * received after midnight but before the deadline belongs to the night before. A file received
 * after the deadline and before noon was meant for the night before too, and is late for it; from
 * noon on, a file counts toward the coming night. Comparing local times (not offsets) keeps this
 * right on the nights the clock changes: on 2026-11-01 a file at 01:30 CST, an hour after 01:30
 * CDT, is still before a 02:00 deadline.
 */
public final class OnboardingTimeline {

  public static final ZoneId CENTRAL = Central.ZONE;

  /** Where a late file of the night before stops and the next night's sends begin. */
  static final LocalTime NOON = LocalTime.NOON;

  /** How many nights the page lists. */
  static final int NIGHTS_SHOWN = 7;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.US);

  private OnboardingTimeline() {}

  /** Where a file falls: the night it belongs to, and whether it was in time for it. */
  record Placement(LocalDate night, boolean onTime) {}

  static Placement place(Instant receivedAt, LocalTime deadline) {
    LocalDateTime local = LocalDateTime.ofInstant(receivedAt, CENTRAL);
    LocalTime time = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    if (time.isBefore(deadline)) {
      return new Placement(day.minusDays(1), true);
    }
    if (time.isBefore(NOON)) {
      return new Placement(day.minusDays(1), false);
    }
    return new Placement(day, true);
  }

  /** The timeline of a district today. */
  public static Timeline compute(Plan plan, Facts facts, Map<Step, Mark> marks, Clock clock) {
    Instant now = clock.instant();
    LocalDateTime local = LocalDateTime.ofInstant(now, CENTRAL);
    LocalDate today = local.toLocalDate();
    Sends sends = sends(plan, facts, local);

    List<TimelineStep> steps = new ArrayList<>();
    for (Step step : Step.values()) {
      LocalDate due = due(step, plan);
      Mark mark = marks.get(step);
      if (mark != null) {
        steps.add(
            new TimelineStep(
                step, due, Status.DONE, mark.at(), mark.by(), mark.note(), "Marked done"));
        continue;
      }
      Seen seen = seen(step, plan, facts, sends);
      Status status;
      if (seen.notApplicable()) {
        status = Status.NOT_APPLICABLE;
      } else if (seen.at() != null) {
        status = Status.DONE;
      } else if (due != null && today.isAfter(due)) {
        status = Status.OVERDUE;
      } else {
        status = Status.OPEN;
      }
      steps.add(
          new TimelineStep(
              step,
              due,
              status,
              seen.at(),
              seen.at() == null ? null : TimelineStep.HUB,
              null,
              seen.detail()));
    }
    List<Night> recent = new ArrayList<>(sends.nights());
    java.util.Collections.reverse(recent);
    return new Timeline(
        today,
        steps,
        recent.subList(0, Math.min(NIGHTS_SHOWN, recent.size())),
        sends.streak(),
        plan.nightsRequired(),
        warnings(plan));
  }

  /** The last day a step is due, from the kick-off and the training dates. */
  static LocalDate due(Step step, Plan plan) {
    LocalDate k = plan.kickoff();
    LocalDate t = plan.training();
    // The kick-off is day 1: week 1 ends on day 7, week 2 on day 14. Only the kick-off's date is
    // known, so "within 48 hours" is due by the end of the second day after it.
    return switch (step) {
      case SFTP_READY -> k == null ? null : k.plusDays(2);
      case FIRST_FILES, WORKSHEET -> k == null ? null : k.plusDays(6);
      case VALIDATION, AUTOMATIC_SENDS -> k == null ? null : k.plusDays(13);
      case FINAL_REVIEW -> t == null ? null : t.minusDays(3);
      case TRAINING -> t;
    };
  }

  private record Seen(Instant at, String detail, boolean notApplicable) {
    static Seen done(Instant at, String detail) {
      return new Seen(at, detail, false);
    }

    static Seen open(String detail) {
      return new Seen(null, detail, false);
    }

    static Seen notNeeded(String detail) {
      return new Seen(null, detail, true);
    }
  }

  private static Seen seen(Step step, Plan plan, Facts facts, Sends sends) {
    return switch (step) {
      case SFTP_READY ->
          switch (plan.method()) {
            case SFTP ->
                facts.sftp() != null
                    ? Seen.done(facts.sftp().at(), facts.sftp().seen())
                    : Seen.open("No SFTP sign-in seen yet");
            case API ->
                facts.api() != null
                    ? Seen.done(facts.api().at(), facts.api().seen())
                    : Seen.open("No API key, SIS connection or pull used yet");
            case MANUAL -> Seen.notNeeded("Not needed: the district uploads its files itself");
          };
      case FIRST_FILES -> firstFiles(plan, facts);
      case AUTOMATIC_SENDS ->
          plan.method() == TransferMethod.MANUAL
              ? Seen.notNeeded("Not needed: manual uploads have no nightly sends")
              : automaticSends(plan, sends);
      case WORKSHEET ->
          facts.worksheet().submitted()
              ? Seen.done(
                  facts.worksheet().updatedAt(),
                  "The Data Validation Worksheet was filled in by " + facts.worksheet().updatedBy())
              : Seen.open("The district has not filled in its Data Validation Worksheet yet");
      case FINAL_REVIEW ->
          facts.worksheet().approved()
              ? Seen.done(
                  facts.worksheet().approvedAt(),
                  "The worksheet matches and the district was approved for training by "
                      + facts.worksheet().approvedBy())
              : Seen.open("Done when an engineer approves the worksheet for training");
      case VALIDATION, TRAINING -> Seen.open("An engineer marks this step when it is done");
    };
  }

  private static Seen firstFiles(Plan plan, Facts facts) {
    if (plan.expected().isEmpty()) {
      return Seen.open("No data sets are expected of this district's SIS profile");
    }
    Set<DataSet> missing = EnumSet.noneOf(DataSet.class);
    Instant last = null;
    for (DataSet d : plan.expected()) {
      Instant first = facts.firstLoaded().get(d);
      if (first == null) {
        missing.add(d);
      } else if (last == null || first.isAfter(last)) {
        last = first;
      }
    }
    if (missing.isEmpty()) {
      return Seen.done(last, "A file of every expected data set was loaded");
    }
    Set<DataSet> loaded = EnumSet.copyOf(plan.expected());
    loaded.removeAll(missing);
    return Seen.open(
        (loaded.isEmpty() ? "Nothing loaded yet" : "Loaded: " + names(loaded))
            + ". Still missing: "
            + names(missing));
  }

  private static Seen automaticSends(Plan plan, Sends sends) {
    int n = plan.nightsRequired();
    if (sends.reached() != null) {
      return Seen.done(
          sends.reachedAt(),
          n
              + " consecutive on-time "
              + (n == 1 ? "night" : "nights")
              + ", the last the night of "
              + DAY.format(sends.reached()));
    }
    StringBuilder s =
        new StringBuilder()
            .append(sends.streak())
            .append(" of ")
            .append(n)
            .append(" consecutive on-time nights so far");
    sends.nights().stream()
        .filter(Night::closed)
        .reduce((a, b) -> b)
        .filter(night -> !night.complete())
        .ifPresent(
            night ->
                s.append(". The night of ")
                    .append(DAY.format(night.date()))
                    .append(" missed ")
                    .append(names(night.missing()))
                    .append(night.late().isEmpty() ? "" : " (late: " + names(night.late()) + ")"));
    return Seen.open(s.toString());
  }

  /**
   * The nights from the first file on, the current streak of on-time nights, and the night on which
   * the required streak was first reached.
   */
  private record Sends(List<Night> nights, int streak, LocalDate reached, Instant reachedAt) {}

  private static Sends sends(Plan plan, Facts facts, LocalDateTime now) {
    Map<LocalDate, Set<DataSet>> onTime = new TreeMap<>();
    Map<LocalDate, Set<DataSet>> late = new HashMap<>();
    Map<LocalDate, Instant> lastOnTime = new HashMap<>();
    for (Facts.Arrival a : facts.arrivals()) {
      Placement p = place(a.receivedAt(), plan.deadline());
      if (p.onTime()) {
        onTime.computeIfAbsent(p.night(), d -> EnumSet.noneOf(DataSet.class)).add(a.dataSet());
        lastOnTime.merge(p.night(), a.receivedAt(), (x, y) -> x.isAfter(y) ? x : y);
      } else {
        late.computeIfAbsent(p.night(), d -> EnumSet.noneOf(DataSet.class)).add(a.dataSet());
      }
    }
    // The latest night whose deadline has passed; the night after it is still open.
    LocalDate lastClosed =
        now.toLocalTime().isBefore(plan.deadline())
            ? now.toLocalDate().minusDays(2)
            : now.toLocalDate().minusDays(1);
    LocalDate open = lastClosed.plusDays(1);
    Optional<LocalDate> first =
        java.util.stream.Stream.concat(onTime.keySet().stream(), late.keySet().stream())
            .min(LocalDate::compareTo);
    List<Night> nights = new ArrayList<>();
    int run = 0;
    LocalDate reached = null;
    if (first.isPresent() && !plan.expected().isEmpty()) {
      for (LocalDate d = first.get(); !d.isAfter(open); d = d.plusDays(1)) {
        Set<DataSet> in = onTime.getOrDefault(d, Set.of());
        Set<DataSet> missing = EnumSet.copyOf(plan.expected());
        missing.removeAll(in);
        Night night =
            new Night(d, in, late.getOrDefault(d, Set.of()), missing, !d.isAfter(lastClosed));
        if (night.closed() || !in.isEmpty() || late.containsKey(d)) {
          nights.add(night);
        }
        if (night.complete()) {
          run++;
          if (run >= plan.nightsRequired() && reached == null) {
            reached = d;
          }
        } else if (night.closed()) {
          run = 0;
        }
        // An open night still missing files may yet be on time: it neither counts nor breaks.
      }
    }
    return new Sends(nights, run, reached, reached == null ? null : lastOnTime.get(reached));
  }

  private static List<String> warnings(Plan plan) {
    List<String> out = new ArrayList<>();
    if (plan.kickoff() == null) {
      out.add("No kick-off date yet: the steps have no due dates.");
    }
    if (plan.training() == null) {
      out.add("No training date yet: the final review and the training have no due dates.");
    }
    if (plan.kickoff() != null
        && plan.training() != null
        && due(Step.FINAL_REVIEW, plan).isBefore(due(Step.AUTOMATIC_SENDS, plan))) {
      out.add(
          "The training date leaves less than the two weeks of onboarding before the final review"
              + " (due "
              + DAY.format(due(Step.FINAL_REVIEW, plan))
              + ", week 2 ends "
              + DAY.format(due(Step.AUTOMATIC_SENDS, plan))
              + ").");
    }
    return out;
  }

  static String names(Set<DataSet> sets) {
    return sets.stream().map(DataSet::id).collect(Collectors.joining(", "));
  }
}
