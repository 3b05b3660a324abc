package org.pathways.hub.profile;

import java.util.Map;
import java.util.Objects;

/**
 * One column of a SIS file as that SIS names it, and how it maps onto the Standard Layout.
 *
 * @param column the column name as the SIS writes it in its header (or a label, in a file without a
 *     header)
 * @param field the Standard Layout field it fills, or null when the column is read and ignored
 * @param values native value to canonical value, matched case-insensitively; unmapped values pass
 * @param format the SIS's date pattern ({@code java.time} syntax), or null for the standard ones
 * @param transform the name of a {@link Transform}, or null
 */
public record ColumnSpec(
    String column, String field, Map<String, String> values, String format, String transform) {

  public ColumnSpec {
    Objects.requireNonNull(column, "column");
    values = Map.copyOf(values);
  }

  public boolean ignored() {
    return field == null;
  }
}
