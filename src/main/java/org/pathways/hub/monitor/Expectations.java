package org.pathways.hub.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each district is expected to send and when: its data sets (from its SIS profile), the nights
 * of the week (every night unless an engineer says otherwise), the pause windows, and its deadline
 * (from its integration settings).
 */
@Repository
public class Expectations {

  private final JdbcClient jdbc;
  private final Onboarding onboarding;
  private final Clock clock;

  public Expectations(JdbcClient jdbc, Onboarding onboarding, Clock clock) {
    this.jdbc = jdbc;
    this.onboarding = onboarding;
    this.clock = clock;
  }

  /** The district's plan as it stands. */
  public NightPlan plan(District d) {
    Integration in = onboarding.integration(d);
    Map<DataSet, Set<DayOfWeek>> overrides = new LinkedHashMap<>();
    record Row(String dataSet, String nights) {}
    for (Row r :
        jdbc.sql("select dataset, nights from expectation where district = ?")
            .param(d.code())
            .query((rs, n) -> new Row(rs.getString(1), rs.getString(2)))
            .list()) {
      DataSet.byId(r.dataSet()).ifPresent(ds -> overrides.put(ds, days(r.nights())));
    }
    Map<DataSet, Set<DayOfWeek>> nights = new LinkedHashMap<>();
    for (DataSet ds : onboarding.expectedDataSets(d)) {
      Set<DayOfWeek> days = overrides.getOrDefault(ds, NightPlan.EVERY_NIGHT);
      if (!days.isEmpty()) {
        nights.put(ds, days);
      }
    }
    // A district that uploads by hand sends once a semester, not nightly.
    boolean semesterly = in.method() == TransferMethod.MANUAL;
    return new NightPlan(
        in.deadline(), nights, pauses(d.code()), semesterly ? NightPlan.SEMESTER_ENDS : List.of());
  }

  /** Sets the nights a data set is expected; every night is the default and removes the row. */
  public void setNights(String district, DataSet ds, Set<DayOfWeek> days, String by) {
    if (days.equals(NightPlan.EVERY_NIGHT)) {
      jdbc.sql("delete from expectation where district = ? and dataset = ?")
          .params(district, ds.id())
          .update();
      return;
    }
    jdbc.sql(
            "insert into expectation (district, dataset, nights, updated_by, updated_at) values (?, ?, ?, ?, ?)"
                + " on conflict (district, dataset) do update set nights = excluded.nights,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .params(district, ds.id(), text(days), by, Timestamp.from(clock.instant()))
        .update();
  }

  public List<Pause> pauses(String district) {
    return jdbc.sql(
            "select id, starts, ends, reason, created_by from pause_window where district = ? order by starts")
        .param(district)
        .query(
            (rs, n) ->
                new Pause(
                    rs.getLong(1),
                    rs.getObject(2, LocalDate.class),
                    rs.getObject(3, LocalDate.class),
                    rs.getString(4),
                    rs.getString(5)))
        .list();
  }

  /**
   * Adds a pause window (both nights included).
   *
   * @throws IllegalArgumentException when it ends before it starts or has no reason
   */
  public long addPause(
      String district, LocalDate starts, LocalDate ends, String reason, String by) {
    if (starts == null || ends == null || ends.isBefore(starts)) {
      throw new IllegalArgumentException("A pause needs a first and a last night, in that order");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Say why the district pauses, such as 'summer'");
    }
    return jdbc.sql(
            "insert into pause_window (district, starts, ends, reason, created_by, created_at)"
                + " values (?, ?, ?, ?, ?, ?) returning id")
        .params(district, starts, ends, reason.strip(), by, Timestamp.from(clock.instant()))
        .query(Long.class)
        .single();
  }

  public void removePause(String district, long id) {
    if (jdbc.sql("delete from pause_window where district = ? and id = ?")
            .params(district, id)
            .update()
        == 0) {
      throw new IllegalArgumentException("No such pause of this district");
    }
  }

  /** Days as stored: MON,TUE,... */
  static String text(Set<DayOfWeek> days) {
    return days.stream()
        .sorted()
        .map(d -> d.name().substring(0, 3))
        .collect(Collectors.joining(","));
  }

  static Set<DayOfWeek> days(String text) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      Arrays.stream(DayOfWeek.values())
          .filter(d -> d.name().startsWith(p) && p.length() >= 3)
          .findFirst()
          .ifPresent(out::add);
    }
    return out;
  }
}
