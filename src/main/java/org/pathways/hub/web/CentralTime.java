package org.pathways.hub.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.pathways.hub.district.Central;

/**
 * Times on every page are on the Central clock, where districts' deadlines are, with the zone named
 * (CST or CDT) so nobody has to guess.
 */
public final class CentralTime {

  static final ZoneId ZONE = Central.ZONE;
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US).withZone(ZONE);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.US).withZone(ZONE);

  /** A time with its zone, or an empty string for none. */
  public String at(Instant instant) {
    return instant == null ? "" : AT.format(instant);
  }

  /** A calendar day with its weekday, as nights are named. */
  public String dayOf(java.time.LocalDate day) {
    return day == null ? "" : DAY.format(day);
  }

  /** The Central calendar day of a time. */
  public String day(Instant instant) {
    return instant == null ? "" : DAY.format(instant);
  }
}
