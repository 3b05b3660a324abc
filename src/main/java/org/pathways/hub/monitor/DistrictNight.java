package org.pathways.hub.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How a district's last night went.
 *
 * @param night the Central date on which the night's deadline fell
 * @param deadline that deadline
 * @param sets one entry per expected data set, in load order
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
