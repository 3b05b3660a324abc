package org.pathways.hub.monitor;

import java.time.LocalDate;
import java.util.List;

/**
 * A district's last nights, one cell per night and data set: what was recorded at each deadline,
 * and for a night not recorded (yet), how it looks now.
 *
 * @param first the oldest night shown
 * @param last the latest night whose deadline has passed
 * @param watchedFrom the night of the district's first file, or null while it has sent nothing:
 *     nights before it are not judged, as the nightly evaluation does not record them
 * @param nights the judged nights, oldest first (none before {@code watchedFrom})
 * @param rows one row per data set that was or is expected, in load order
 */
public record NightCalendar(
    String district,
    LocalDate first,
    LocalDate last,
    LocalDate watchedFrom,
    List<DistrictNight> nights,
    List<Row> rows) {

  public NightCalendar {
    nights = List.copyOf(nights);
    rows = List.copyOf(rows);
  }

  /** Every night shown, oldest first, whether judged or not. */
  public List<LocalDate> days() {
    return first.datesUntil(last.plusDays(1)).toList();
  }

  /** One data set's (or part's) nights, oldest first. */
  public record Row(Feed feed, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }
  }

  /**
   * One data set on one night.
   *
   * @param state null when nothing was due: not expected that night, or before the first file
   * @param runId the run that decided the state, or null
   * @param reason the state in a sentence, or why nothing was due
   * @param live true when judged now rather than read from the record made at the deadline
   */
  public record Cell(LocalDate night, NightState state, Long runId, String reason, boolean live) {

    /** The state's name, or NONE when nothing was due: what the page colours the cell by. */
    public String kind() {
      return state == null ? "NONE" : state.name();
    }
  }
}
