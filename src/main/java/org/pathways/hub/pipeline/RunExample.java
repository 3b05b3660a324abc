package org.pathways.hub.pipeline;

import java.util.List;

/**
 * A record a held run would add, update or remove if released, by its key and recognisable fields.
 *
 * @param kind ADDED, UPDATED or REMOVED
 */
public record RunExample(String kind, List<String> columns, List<String> values) {

  public RunExample {
    columns = List.copyOf(columns);
    values = List.copyOf(values);
  }
}
