package org.pathways.hub.monitor;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a district is expected to send: its deadline on the Central clock, the nights of the week
 * each data set is expected, the pause windows, and for a district that uploads by hand, the
 * semester ends by which each data set is due instead of nights.
 *
 * @param nights for each expected data set (or part of one), the nights (by the day they start on)
 *     it is due
 * @param semesterEnds when not empty, data sets are due once a semester, by these days' deadlines
 */
public record NightPlan(
    LocalTime deadline,
    Map<Feed, Set<DayOfWeek>> nights,
    List<Pause> pauses,
    List<MonthDay> semesterEnds) {

  /** The default semester ends of a manual-upload district: fall and spring semesters. */
  public static final List<MonthDay> SEMESTER_ENDS =
      List.of(MonthDay.of(12, 20), MonthDay.of(5, 31));

  public static final Set<DayOfWeek> EVERY_NIGHT = EnumSet.allOf(DayOfWeek.class);

  public NightPlan {
    nights = Map.copyOf(nights);
    pauses = List.copyOf(pauses);
    semesterEnds = List.copyOf(semesterEnds);
  }

  public boolean semesterly() {
    return !semesterEnds.isEmpty();
  }

  /** The data sets (and parts) due on a night, in load order. */
  public Set<Feed> dueOn(LocalDate night) {
    Set<Feed> out = new TreeSet<>();
    if (semesterly() && !semesterEnds.contains(MonthDay.from(night))) {
      return out;
    }
    nights.forEach(
        (ds, days) -> {
          if (semesterly() || days.contains(night.getDayOfWeek())) {
            out.add(ds);
          }
        });
    return out;
  }

  public Optional<Pause> pauseOn(LocalDate night) {
    return pauses.stream().filter(p -> p.covers(night)).findFirst();
  }

  /**
   * The night from whose deadline files count toward {@code night}: the night before, or for a
   * semesterly district the previous semester end.
   */
  public LocalDate windowStart(LocalDate night) {
    if (!semesterly()) {
      return night.minusDays(1);
    }
    LocalDate best = null;
    for (int back = 1; back <= 366; back++) {
      LocalDate d = night.minusDays(back);
      if (semesterEnds.contains(MonthDay.from(d))) {
        best = d;
        break;
      }
    }
    return best == null ? night.minusYears(1) : best;
  }
}
