package org.pathways.hub.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * Where "today" falls in the school year: the current school year (by the year in which it ends)
 * and the semester in progress. August to December is the fall semester, January to May the spring
 * semester; in June and July the year just ended is still the current one (districts roll over in
 * July), with nothing in progress.
 *
 * @param today the day the district's files are generated for
 * @param yearEnd the calendar year in which the current school year ends
 * @param semester the semester in progress: 1 (S1), 2 (S2), or 0 in the summer
 */
record SchoolCalendar(LocalDate today, int yearEnd, int semester) {

  static SchoolCalendar of(LocalDate today) {
    int month = today.getMonthValue();
    if (month >= Month.AUGUST.getValue()) {
      return new SchoolCalendar(today, today.getYear() + 1, 1);
    }
    if (month <= Month.MAY.getValue()) {
      return new SchoolCalendar(today, today.getYear(), 2);
    }
    return new SchoolCalendar(today, today.getYear(), 0);
  }

  /** Whether semester 1 or 2 of a school year has begun by today. */
  boolean begun(int year, int sem) {
    return year < yearEnd || sem == 1 || semester != 1;
  }

  /** Whether the grades of semester 1 or 2 of a school year are final by today. */
  boolean isFinal(int year, int sem) {
    if (year < yearEnd) {
      return true;
    }
    return semester == 0 || (sem == 1 && semester == 2);
  }

  /** Whether the summer session after a school year is over by today. */
  boolean summerOver(int year) {
    return year < yearEnd;
  }

  static LocalDate firstDay(int year) {
    return LocalDate.of(year - 1, Month.AUGUST, 12)
        .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
  }

  static LocalDate fallEnd(int year) {
    return LocalDate.of(year - 1, Month.DECEMBER, 19)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.FRIDAY));
  }

  static LocalDate lastDay(int year) {
    return LocalDate.of(year, Month.MAY, 29)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.FRIDAY));
  }

  /** The end of the last semester whose grades are final: the date a GPA is computed as of. */
  LocalDate lastFinalSemesterEnd() {
    return switch (semester) {
      case 1 -> lastDay(yearEnd - 1);
      case 2 -> fallEnd(yearEnd);
      default -> lastDay(yearEnd);
    };
  }
}
