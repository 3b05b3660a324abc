package org.pathways.hub.profile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pathways.hub.district.DataSet;

/**
 * One file a SIS sends: which data set (and part of it) it carries, how it is named, and its
 * columns.
 *
 * @param dataSet the canonical data set
 * @param part the part of the data set ({@code history}, {@code current}) or null for the whole
 * @param names file-name globs (without directory and extension, case-insensitive), such as {@code
 *     grades_history*}
 * @param header whether the first line names the columns; without one, {@code columns} fixes the
 *     order
 * @param delimiter this file's delimiter, or null for the profile's
 * @param columns the SIS's columns, in file order
 * @param scope field values that every row of this file has and that bound its snapshot: a {@code
 *     grades_history} file replaces only final grades
 * @param constants field values set on every row that the file does not carry
 */
public record FileSpec(
    DataSet dataSet,
    String part,
    List<String> names,
    boolean header,
    Character delimiter,
    List<ColumnSpec> columns,
    Map<String, String> scope,
    Map<String, String> constants) {

  public FileSpec {
    Objects.requireNonNull(dataSet, "dataSet");
    names = List.copyOf(names);
    columns = List.copyOf(columns);
    scope = Map.copyOf(scope);
    constants = Map.copyOf(constants);
  }

  /** The name shown to people: {@code grades (history)} or {@code students}. */
  public String label() {
    return part == null ? dataSet.id() : dataSet.id() + " (" + part + ")";
  }

  /** The column mapped onto a canonical field, if the SIS sends it. */
  public Optional<ColumnSpec> columnFor(String fieldName) {
    return columns.stream().filter(c -> fieldName.equals(c.field())).findFirst();
  }
}
