package org.pathways.hub.generate;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;

/** Helpers shared by the generator's tests. */
final class TestRows {

  private TestRows() {}

  static List<String[]> collect(GeneratedDistrict district, DataSet dataSet) {
    List<String[]> rows = new ArrayList<>();
    district.forEach(dataSet, rows::add);
    return rows;
  }

  static String value(String[] row, DataSet dataSet, String field) {
    int i = dataSet.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException(dataSet + " has no field " + field);
    }
    return row[i];
  }

  /** The records of a delimited text, read by the hub's own reader. */
  static List<List<String>> parse(String text, char delimiter) {
    DelimitedReader reader = new DelimitedReader(new StringReader(text), delimiter, 1 << 20);
    List<List<String>> records = new ArrayList<>();
    for (RawRecord rec = reader.next(); rec != null; rec = reader.next()) {
      records.add(rec.fields());
    }
    return records;
  }
}
