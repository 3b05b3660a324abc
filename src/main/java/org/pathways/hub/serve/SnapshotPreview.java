package org.pathways.hub.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.FieldType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A page of a district's live snapshot of one data set, searched by the values people look records
 * up by (ids, names, emails, course ids), in key order: what the portal's data preview shows.
 */
@Component
public class SnapshotPreview {

  /** The fields a search looks in, where the data set has them. */
  private static final List<String> SEARCHED =
      List.of(
          "student_id",
          "state_student_id",
          "first_name",
          "last_name",
          "teacher_id",
          "email",
          "local_course_id",
          "course_name",
          "state_course_code",
          "campus_id",
          "ibc_code");

  private final JdbcClient jdbc;

  public SnapshotPreview(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One page of records.
   *
   * @param columns the data set's fields, in layout order
   * @param rows the values as text (flags as Y/N), one list per record
   * @param total how many records match
   */
  public record Page(List<String> columns, List<List<String>> rows, long total) {}

  /** How many live (active) records a district has of each data set. */
  public long count(String district, DataSet ds) {
    return jdbc.sql(
            "select count(*) from "
                + ds.id()
                + " where district = ?"
                + (ds.deactivates() ? " and live" : ""))
        .param(district)
        .query(Long.class)
        .single();
  }

  public Page page(
      String district, DataSet ds, String search, boolean includeInactive, int limit, long offset) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where district = ?");
    params.add(district);
    if (ds.deactivates() && !includeInactive) {
      where.append(" and live");
    }
    List<String> searched = SEARCHED.stream().filter(name -> ds.field(name).isPresent()).toList();
    if (search != null && !search.isBlank() && !searched.isEmpty()) {
      // Every word must appear in one of the searched fields: "garcia 9th" narrows as expected.
      for (String word : search.strip().split("\\s+")) {
        where
            .append(" and concat_ws(' ', ")
            .append(searched.stream().map(c -> c + "::text").collect(Collectors.joining(", ")))
            .append(") ilike ? escape '\\'");
        params.add("%" + word.replaceAll("([\\\\%_])", "\\\\$1") + "%");
      }
    }
    long total =
        jdbc.sql("select count(*) from " + ds.id() + where)
            .params(params)
            .query(Long.class)
            .single();
    List<String> columns = ds.fields().stream().map(Field::name).toList();
    String select =
        ds.fields().stream().map(SnapshotPreview::asText).collect(Collectors.joining(", "));
    String order = ds.keyFields().stream().map(Field::name).collect(Collectors.joining(", "));
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(limit);
    pageParams.add(offset);
    String liveColumn = ds.deactivates() ? ", live" : ", true";
    List<List<String>> rows =
        jdbc.sql(
                "select "
                    + select
                    + liveColumn
                    + " from "
                    + ds.id()
                    + where
                    + " order by "
                    + order
                    + " limit ? offset ?")
            .params(pageParams)
            .query(
                (rs, n) -> {
                  List<String> row = new ArrayList<>(columns.size() + 1);
                  for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                  }
                  row.add(rs.getBoolean(columns.size() + 1) ? "" : "inactive");
                  return row;
                })
            .list();
    return new Page(columns, rows, total);
  }

  private static String asText(Field f) {
    if (f.type() == FieldType.FLAG) {
      return "case when " + f.name() + " then 'Y' when not " + f.name() + " then 'N' end";
    }
    return f.name() + "::text";
  }
}
