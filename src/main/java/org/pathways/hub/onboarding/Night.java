package org.pathways.hub.onboarding;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.pathways.hub.district.DataSet;

/**
 * One night of sends, named by the Central calendar day it starts on.
 *
 * @param onTime the data sets that arrived between noon and the deadline
 * @param late the data sets that arrived after the deadline, before noon
 * @param missing expected data sets that did not arrive on time
 * @param closed whether its deadline has passed
 */
public record Night(
    LocalDate date, Set<DataSet> onTime, Set<DataSet> late, Set<DataSet> missing, boolean closed) {

  public Night {
    onTime = sorted(onTime);
    late = sorted(late);
    missing = sorted(missing);
  }

  /** Every expected data set arrived before the deadline. */
  public boolean complete() {
    return missing.isEmpty();
  }

  // In load order, so every page lists data sets the same way.
  private static Set<DataSet> sorted(Set<DataSet> s) {
    return s.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(s));
  }
}
