package org.pathways.hub.load;

import java.util.List;

/**
 * One record a load would add, update or take away, by its key and a few fields a person recognises
 * it by: what an engineer looks at before releasing a held file.
 *
 * @param kind ADDED, UPDATED or REMOVED (deactivated, for data sets that keep absent records)
 * @param columns the field names shown
 * @param values their values, in the same order (as the file has them for added and updated
 *     records, as the live data has them for removed ones)
 */
public record Change(String kind, List<String> columns, List<String> values) {

  public Change {
    columns = List.copyOf(columns);
    values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }
}
