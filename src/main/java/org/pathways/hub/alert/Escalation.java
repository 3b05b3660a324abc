package org.pathways.hub.alert;

import java.time.LocalDate;
import java.util.List;
import java.util.ListIterator;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.Feed;
import org.pathways.hub.monitor.NightState;

/**
 * What to do about a data set that keeps failing: tell the district the first night, keep quiet
 * while it has been told, tell the engineer too on the night the trouble turns into a streak, and
 * after that remind every few nights rather than every night.
 */
final class Escalation {

  /** What one data set's trouble calls for tonight. */
  enum Step {
    /** First night (or a late file): tell the district. */
    TELL,
    /** Told already: the portal and the engineer's digest show it, no new mail. */
    QUIET,
    /** The streak is long enough: the engineer is told too, the subject says so. */
    ESCALATE,
    /** Still going on some nights after the escalation. */
    REMIND
  }

  private Escalation() {}

  static Step step(int nightsInARow, int escalateAfter, int remindEvery) {
    if (nightsInARow <= 1) {
      return Step.TELL;
    }
    if (nightsInARow < escalateAfter) {
      return Step.QUIET;
    }
    if (nightsInARow == escalateAfter) {
      return Step.ESCALATE;
    }
    return (nightsInARow - escalateAfter) % remindEvery == 0 ? Step.REMIND : Step.QUIET;
  }

  /** Trouble that repeats: a late file is not counted, as the data did arrive. */
  static boolean failing(NightState s) {
    return s == NightState.MISSING || s == NightState.FAILED || s == NightState.HELD;
  }

  /**
   * How many recorded nights in a row up to {@code night} the data set was failing; nights on which
   * it was not due, or not recorded, do not break the streak; a pause does.
   *
   * @param history the district's recorded nights, oldest first
   */
  static int nightsInARow(List<DistrictNight> history, LocalDate night, Feed ds) {
    int n = 0;
    ListIterator<DistrictNight> it = history.listIterator(history.size());
    while (it.hasPrevious()) {
      DistrictNight d = it.previous();
      if (d.night().isAfter(night)) {
        continue;
      }
      DataSetNight s = d.sets().stream().filter(x -> x.feed().equals(ds)).findFirst().orElse(null);
      if (s == null) {
        continue;
      }
      if (!failing(s.state())) {
        break;
      }
      n++;
    }
    return n;
  }
}
