package org.pathways.hub.receive.pull.powerschool;

import java.util.List;
import java.util.Objects;
import org.pathways.hub.district.DataSet;

/**
 * One PowerQuery of a district's plugin, as the nightly pull calls it: {@code POST
 * /ws/schema/query/{name}}, page by page, and the rows written as a CSV named {@link #csvName()}
 * with {@code columns} as its header, which the district's profile reads as its file for {@code
 * dataSet} (and {@code part}).
 *
 * @param name the query's name, {@code com.pathways.hub.<file>}: PowerSchool's
 *     com.vendor.product.name, and the start of the file name the profile expects
 * @param dataSet the data set its rows are
 * @param part the part of the data set ({@code history}, {@code current}), or null for all of it
 * @param columns the column aliases, in order: the profile's column names for the file
 * @param arguments the arguments it takes; none is needed for the nightly pull
 */
public record PowerQuery(
    String name,
    DataSet dataSet,
    String part,
    List<String> columns,
    List<PowerQueryArgument> arguments) {

  public PowerQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataSet, "dataSet");
    columns = List.copyOf(columns);
    arguments = List.copyOf(arguments);
  }

  /** The name of the CSV file its result is saved as, which the profile recognises. */
  public String csvName() {
    return name + ".csv";
  }
}
