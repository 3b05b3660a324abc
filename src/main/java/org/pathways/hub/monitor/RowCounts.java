package org.pathways.hub.monitor;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.pathways.hub.district.DataSet;

/**
 * The rows a district's loaded files held, per night and data set, over a stretch of nights: the
 * figures behind the portal's chart and the read API.
 *
 * @param dataSets the data sets with at least one load in the stretch, in load order
 * @param counts one entry per night and data set with a load, oldest night first
 */
public record RowCounts(
    String district, LocalDate from, LocalDate to, List<DataSet> dataSets, List<Count> counts) {

  public RowCounts {
    dataSets = List.copyOf(dataSets);
    counts = List.copyOf(counts);
  }

  /** Every night of the stretch, oldest first. */
  public List<LocalDate> nights() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  public Optional<Count> on(LocalDate night, DataSet dataSet) {
    return counts.stream()
        .filter(c -> c.night().equals(night) && c.dataSet() == dataSet)
        .findFirst();
  }

  /**
   * One data set's load on one night: the last loaded file of each part (grades may come as two
   * files), added up.
   *
   * @param files how many files (parts) the figures add up
   */
  public record Count(
      LocalDate night,
      DataSet dataSet,
      int files,
      long rowsRead,
      long added,
      long updated,
      long unchanged,
      long deactivated) {}
}
