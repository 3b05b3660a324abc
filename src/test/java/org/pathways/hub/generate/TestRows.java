package org.pathways.hub.generate;

import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.district.DataSet;

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

  /** The records of a delimited text, RFC 4180 quoting, LF line ends. */
  static List<List<String>> parse(String text, char delimiter) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
