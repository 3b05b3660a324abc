package org.pathways.hub.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.pathways.hub.district.DataSet;

/**
 * The nightly arithmetic, as plain functions: deadlines fall on the Central clock, and a night's
 * files are those received after the previous night's deadline and up to its own. A file received
 * after the deadline but before noon was meant for that night and is late for it; from noon on, a
 * file belongs to the coming night (the onboarding timeline counts nights the same way).
 */
public final class Nights {

  public static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

  private Nights() {}

  /**
   * The deadline of the night whose deadline falls on {@code night}. On the spring-forward day a 2
   * a.m. deadline does not exist; it falls at 3 a.m. CDT, the same instant.
   */
  public static Instant deadline(LocalDate night, LocalTime at) {
    return ZonedDateTime.of(night, at, CENTRAL).toInstant();
  }

  /** The latest night whose deadline has passed at {@code now}. */
  public static LocalDate lastNight(Instant now, LocalTime at) {
    LocalDate today = now.atZone(CENTRAL).toLocalDate();
    return deadline(today, at).isAfter(now) ? today.minusDays(1) : today;
  }

  /** A run as the nightly view needs it. */
  public record Received(long runId, DataSet dataSet, String status, Instant receivedAt) {}

  /**
   * How each expected data set did on {@code night}: the newest file of the night's window decides;
   * without one, a file received after the deadline makes it late, else it is missing.
   */
  public static List<DataSetNight> judge(
      LocalDate night, LocalTime at, Set<DataSet> expected, List<Received> runs) {
    Instant from = deadline(night.minusDays(1), at);
    Instant to = deadline(night, at);
    Instant noon = ZonedDateTime.of(night, LocalTime.NOON, CENTRAL).toInstant();
    List<DataSet> order = new ArrayList<>(expected);
    order.sort(Comparator.comparingInt(DataSet::loadOrder).thenComparing(Enum::ordinal));
    List<DataSetNight> out = new ArrayList<>();
    for (DataSet ds : order) {
      Received inWindow = null;
      Received after = null;
      for (Received r : runs) {
        if (r.dataSet() != ds) {
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
      if (inWindow != null) {
        out.add(
            new DataSetNight(
                ds, stateOf(inWindow.status()), inWindow.runId(), inWindow.receivedAt()));
      } else if (after != null) {
        out.add(new DataSetNight(ds, NightState.LATE, after.runId(), after.receivedAt()));
      } else {
        out.add(new DataSetNight(ds, NightState.MISSING, null, null));
      }
    }
    return out;
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
