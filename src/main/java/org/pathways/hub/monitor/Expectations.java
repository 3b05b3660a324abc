package org.pathways.hub.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each district is expected to send and when: its data sets (from its SIS profile), the nights
 * of the week (every night unless an engineer says otherwise), the pause windows, and its deadline
 * (from its integration settings).
 */
@Repository
public class Expectations {

  /** At most this many semester ends a year: four terms is the most a school year is cut into. */
  static final int MAX_SEMESTER_ENDS = 4;

  private final JdbcClient jdbc;
  private final Onboarding onboarding;
  private final ProfileResolver profiles;
  private final Clock clock;

  public Expectations(
      JdbcClient jdbc, Onboarding onboarding, ProfileResolver profiles, Clock clock) {
    this.jdbc = jdbc;
    this.onboarding = onboarding;
    this.profiles = profiles;
    this.clock = clock;
  }

  /**
   * What the district's SIS profile sends, in load order: each data set, split into its parts where
   * the profile reads the data set only as parts (a transcript file and a current-term file), since
   * those are often exported on different schedules. A data set the profile also reads as one file
   * is expected as a whole.
   */
  public List<Feed> feeds(District d) {
    Profile profile = profiles.forDistrict(d);
    Set<Feed> out = new TreeSet<>();
    for (DataSet ds : Onboarding.expectedDataSets(d, profile)) {
      List<FileSpec> files = profile.files().stream().filter(f -> f.dataSet() == ds).toList();
      if (files.isEmpty() || files.stream().anyMatch(f -> f.part() == null)) {
        out.add(Feed.whole(ds));
      } else {
        files.forEach(f -> out.add(new Feed(ds, f.part())));
      }
    }
    return List.copyOf(out);
  }

  /** The district's plan as it stands. */
  public NightPlan plan(District d) {
    Integration in = onboarding.integration(d);
    Map<String, Set<DayOfWeek>> overrides = new LinkedHashMap<>();
    jdbc.sql("select dataset, nights from expectation where district = ?")
        .param(d.code())
        .query((RowCallbackHandler) rs -> overrides.put(rs.getString(1), days(rs.getString(2))));
    Map<Feed, Set<DayOfWeek>> nights = new LinkedHashMap<>();
    for (Feed f : feeds(d)) {
      // A part without its own row follows its data set's: the row a whole data set had before
      // its profile split it into parts still holds.
      Set<DayOfWeek> days =
          overrides.getOrDefault(
              f.id(), overrides.getOrDefault(f.dataSet().id(), NightPlan.EVERY_NIGHT));
      if (!days.isEmpty()) {
        nights.put(f, days);
      }
    }
    // A district that uploads by hand sends once a semester, not nightly.
    boolean semesterly = in.method() == TransferMethod.MANUAL;
    return new NightPlan(
        in.deadline(), nights, pauses(d.code()), semesterly ? semesterEnds(d.code()) : List.of());
  }

  /**
   * Sets the nights a data set (or part) is expected; every night is the default and removes the
   * row.
   */
  public void setNights(String district, Feed feed, Set<DayOfWeek> days, String by) {
    if (days.equals(NightPlan.EVERY_NIGHT)) {
      jdbc.sql("delete from expectation where district = ? and dataset = ?")
          .params(district, feed.id())
          .update();
      if (feed.part() != null) {
        // Else the data set's row, which a part without its own row follows, would still apply.
        jdbc.sql(
                "insert into expectation (district, dataset, nights, updated_by, updated_at)"
                    + " select district, ?, ?, ?, ? from expectation"
                    + " where district = ? and dataset = ? on conflict do nothing")
            .params(
                feed.id(),
                text(days),
                by,
                Timestamp.from(clock.instant()),
                district,
                feed.dataSet().id())
            .update();
      }
      return;
    }
    jdbc.sql(
            "insert into expectation (district, dataset, nights, updated_by, updated_at) values (?, ?, ?, ?, ?)"
                + " on conflict (district, dataset) do update set nights = excluded.nights,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .params(district, feed.id(), text(days), by, Timestamp.from(clock.instant()))
        .update();
  }

  /**
   * The days by whose deadline a district that uploads by hand sends each data set: its own, or the
   * fall and spring defaults.
   */
  public List<MonthDay> semesterEnds(String district) {
    return jdbc.sql("select ends from expectation_semester where district = ?")
        .param(district)
        .query(String.class)
        .optional()
        .map(Expectations::monthDays)
        .orElse(NightPlan.SEMESTER_ENDS);
  }

  /**
   * Sets a district's semester ends; the defaults remove its row.
   *
   * @throws IllegalArgumentException for none, a repeated day, or more than {@link
   *     #MAX_SEMESTER_ENDS}
   */
  public List<MonthDay> setSemesterEnds(String district, List<MonthDay> ends, String by) {
    Set<MonthDay> sorted = new TreeSet<>(ends);
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException(
          "Give at least one semester end, such as 12-20 for December 20");
    }
    if (sorted.size() != ends.size()) {
      throw new IllegalArgumentException("A semester end is given twice");
    }
    if (sorted.size() > MAX_SEMESTER_ENDS) {
      throw new IllegalArgumentException(
          "At most " + MAX_SEMESTER_ENDS + " semester ends a year, not " + sorted.size());
    }
    List<MonthDay> out = List.copyOf(sorted);
    if (new TreeSet<>(NightPlan.SEMESTER_ENDS).equals(sorted)) {
      jdbc.sql("delete from expectation_semester where district = ?").param(district).update();
      return out;
    }
    jdbc.sql(
            "insert into expectation_semester (district, ends, updated_by, updated_at)"
                + " values (?, ?, ?, ?) on conflict (district) do update set ends = excluded.ends,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .params(district, monthDayText(out), by, Timestamp.from(clock.instant()))
        .update();
    return out;
  }

  /** Semester ends as stored and typed: {@code 12-20,05-31}. */
  public static String monthDayText(List<MonthDay> days) {
    return days.stream()
        .map(m -> String.format(Locale.ROOT, "%02d-%02d", m.getMonthValue(), m.getDayOfMonth()))
        .collect(Collectors.joining(","));
  }

  /**
   * Reads semester ends as typed: {@code 12-20, 05-31} or {@code 12/20 5/31}.
   *
   * @throws IllegalArgumentException naming the value that is not a month and day
   */
  public static List<MonthDay> monthDays(String text) {
    List<MonthDay> out = new ArrayList<>();
    for (String part : text.split("[,;\\s]+")) {
      if (part.isBlank()) {
        continue;
      }
      String[] md = part.split("[-/]");
      try {
        if (md.length != 2) {
          throw new NumberFormatException(part);
        }
        out.add(MonthDay.of(Integer.parseInt(md[0]), Integer.parseInt(md[1])));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(
            "'" + part + "' is not a month and day: write 12-20 for December 20", e);
      }
    }
    return out;
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
