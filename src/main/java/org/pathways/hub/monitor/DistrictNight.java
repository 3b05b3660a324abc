package org.pathways.hub.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How a district's night went.
 *
 * @param night the night, named by the Central day it starts on (the files of the night of Monday
 *     are due by the deadline early on Tuesday)
 * @param deadline that night's deadline
 * @param sets one entry per data set expected that night, in load order; empty when nothing was
 */
public record DistrictNight(
    String district, LocalDate night, Instant deadline, List<DataSetNight> sets) {

  public DistrictNight {
    sets = List.copyOf(sets);
  }

  /** Whether any expected data set needs somebody to look at it. */
  public boolean needsAttention() {
    return sets.stream().anyMatch(s -> s.state().needsAttention());
  }
}
