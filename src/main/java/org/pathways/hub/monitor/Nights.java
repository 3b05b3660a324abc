package org.pathways.hub.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.onboarding.OnboardingTimeline;

/**
 * The nightly arithmetic, as plain functions. A night is named by the Central day it starts on; its
 * deadline falls on the next day at the district's deadline time (02:00 Central, 01:00 for Cognos).
 * A night's files are those received from noon after the previous night's deadline up to its own. A
 * file received after the deadline but before noon was meant for that night and is late for it;
 * from noon on, a file belongs to the coming night (the onboarding timeline counts nights the same
 * way).
 *
 * <p>Deadlines are computed as wall-clock times in America/Chicago and turned into instants by the
 * zone rules, so the nights the clock changes are exact: on the spring night 2 a.m. does not exist
 * and the deadline is 3 a.m. CDT, the same instant; on the autumn night 1 a.m. happens twice, and a
 * 1 a.m. deadline is the second one (1 a.m. CST), so a district is never late because the clock
 * went back; a 2 a.m. deadline is 2 a.m. CST, after both.
 */
public final class Nights {

  public static final ZoneId CENTRAL = OnboardingTimeline.CENTRAL;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("EEE HH:mm z", Locale.US).withZone(CENTRAL);

  private Nights() {}

  /** The deadline of the night that starts on {@code night}. */
  public static Instant deadline(LocalDate night, LocalTime at) {
    // On the autumn night a 1 a.m. deadline comes twice: the later one counts, so no district is
    // late because the clock went back.
    return ZonedDateTime.of(night.plusDays(1), at, CENTRAL).withLaterOffsetAtOverlap().toInstant();
  }

  /** Noon after a night's deadline: a file received later belongs to the coming night. */
  static Instant lateUntil(LocalDate night) {
    return ZonedDateTime.of(night.plusDays(1), LocalTime.NOON, CENTRAL).toInstant();
  }

  /**
   * The night a file received at {@code at} counts toward: before noon, the night before.
   * Wall-clock arithmetic, so noon stays noon on the days the clock changes.
   */
  static LocalDate nightOf(Instant at) {
    return LocalDateTime.ofInstant(at, CENTRAL).minusHours(12).toLocalDate();
  }

  /** The latest night whose deadline has passed at {@code now}. */
  public static LocalDate lastNight(Instant now, LocalTime at) {
    LocalDate today = now.atZone(CENTRAL).toLocalDate();
    return deadline(today.minusDays(1), at).isAfter(now) ? today.minusDays(2) : today.minusDays(1);
  }

  /**
   * A run as the nightly view needs it.
   *
   * @param dataSet null for a file still waiting to be opened, whose data set is not known yet
   * @param part the part of the data set the file carries, or null for the whole
   */
  public record Received(
      long runId,
      DataSet dataSet,
      String part,
      String status,
      Instant receivedAt,
      String message) {}

  /**
   * How each data set due on {@code night} did, judged at {@code now}: the newest file of the
   * night's window decides; without one, a file received after the deadline and before noon makes
   * it late; else it is missing. A pause covers everything.
   */
  public static List<DataSetNight> judge(
      LocalDate night, NightPlan plan, List<Received> runs, Instant now) {
    Set<Feed> due = plan.dueOn(night);
    Optional<Pause> pause = plan.pauseOn(night);
    // A file between the previous deadline and noon was late for the previous night, not early for
    // this one.
    Instant from = lateUntil(plan.windowStart(night));
    Instant to = deadline(night, plan.deadline());
    Instant noon = lateUntil(night);
    // A file received in time but not opened yet may be any data set's: none is called missing
    // while it waits (at 2 a.m. the pipeline may be busy with a large district's files).
    Received unopened = null;
    for (Received r : runs) {
      if (r.dataSet() == null
          && !r.receivedAt().isAfter(now)
          && r.receivedAt().isAfter(from)
          && !r.receivedAt().isAfter(to)) {
        unopened = r;
      }
    }
    List<DataSetNight> out = new ArrayList<>();
    for (Feed ds : due) {
      if (pause.isPresent()) {
        Pause p = pause.get();
        out.add(
            new DataSetNight(
                ds,
                NightState.PAUSED,
                null,
                null,
                "Paused from " + p.starts() + " to " + p.ends() + ": " + p.reason()));
        continue;
      }
      Received inWindow = null;
      Received after = null;
      for (Received r : runs) {
        if (r.dataSet() == null
            || !ds.takes(r.dataSet(), r.part())
            || r.receivedAt().isAfter(now)) {
          continue;
        }
        if (r.receivedAt().isAfter(from) && !r.receivedAt().isAfter(to)) {
          if (inWindow == null || r.runId() > inWindow.runId()) {
            inWindow = r;
          }
        } else if (r.receivedAt().isAfter(to)
            && r.receivedAt().isBefore(noon)
            && (after == null || r.runId() < after.runId())) {
          after = r;
        }
      }
      String label = ds.label();
      if (inWindow != null) {
        out.add(onTime(ds, inWindow, label));
      } else if (unopened != null) {
        out.add(
            new DataSetNight(
                ds,
                NightState.PROCESSING,
                null,
                unopened.receivedAt(),
                "A file of "
                    + CLOCK.format(unopened.receivedAt())
                    + " is still being opened; it may be the "
                    + label
                    + " file"));
      } else if (after != null) {
        long minutes = Duration.between(to, after.receivedAt()).toMinutes();
        out.add(
            new DataSetNight(
                ds,
                NightState.LATE,
                after.runId(),
                after.receivedAt(),
                "The "
                    + label
                    + " file came "
                    + minutes
                    + " minutes after the "
                    + CLOCK.format(to)
                    + " deadline ("
                    + CLOCK.format(after.receivedAt())
                    + ", "
                    + outcome(after.status())
                    + "). Schedule the export earlier."));
      } else {
        out.add(
            new DataSetNight(
                ds,
                NightState.MISSING,
                null,
                null,
                "No "
                    + label
                    + " file arrived by the "
                    + CLOCK.format(to)
                    + " deadline. Check that the SIS export job ran and could sign in."));
      }
    }
    return out;
  }

  private static DataSetNight onTime(Feed ds, Received r, String label) {
    NightState state = stateOf(r.status());
    String when = CLOCK.format(r.receivedAt());
    String message = r.message() == null ? "" : ": " + r.message();
    String reason =
        switch (state) {
          case OK -> "The " + label + " file came " + when + message;
          case HELD ->
              "The "
                  + label
                  + " file of "
                  + when
                  + " is held for review"
                  + message
                  + ". Yesterday's data stays live until an engineer decides.";
          case PROCESSING -> "The " + label + " file of " + when + " is being processed";
          default ->
              "The "
                  + label
                  + " file of "
                  + when
                  + " was rejected"
                  + message
                  + ". Yesterday's data stays live; see the run for each error and what to do.";
        };
    return new DataSetNight(ds, state, r.runId(), r.receivedAt(), reason);
  }

  private static String outcome(String status) {
    return switch (status) {
      case "DUPLICATE" -> "the same file as before";
      case "RECEIVED" -> "being processed";
      default -> status.toLowerCase(Locale.ROOT);
    };
  }

  static NightState stateOf(String status) {
    return switch (status) {
      case "LOADED", "RELEASED", "DUPLICATE" -> NightState.OK;
      case "HELD" -> NightState.HELD;
      case "RECEIVED" -> NightState.PROCESSING;
      default -> NightState.FAILED;
    };
  }
}
