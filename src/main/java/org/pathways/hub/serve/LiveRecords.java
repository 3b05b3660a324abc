package org.pathways.hub.serve;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A district's live data as the read API serves it: one record per row of the live tables a load
 * publishes, with the Standard Layout's field names and typed values (numbers, true/false, ISO
 * dates, lists as arrays). Records are maps built from {@link DataSet}'s fields rather than one
 * Java type per data set, so the API says exactly what the layout says and a column added to the
 * layout is served without a change here.
 */
@Component
public class LiveRecords {

  /** The data sets that are paged by their one key field. */
  private static final List<DataSet> PAGED =
      List.of(DataSet.STUDENTS, DataSet.TEACHERS, DataSet.USERS, DataSet.COURSE_CROSSWALK);

  /** The crosswalk's fields a transcript line carries, under {@code crosswalk}. */
  private static final List<String> CROSSWALK_FIELDS =
      List.of(
          "course_name",
          "state_course_code",
          "credits",
          "subject_area",
          "course_level",
          "endorsement",
          "active");

  private final JdbcClient jdbc;

  public LiveRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One page of records.
   *
   * @param items the records, in key order
   * @param nextCursor where the next page starts, or null on the last page
   */
  public record Page(List<Map<String, Object>> items, Cursor nextCursor) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /**
   * A campus as the district's students and teachers name it.
   *
   * @param name the name the students file gives it, or null
   * @param students active students at the campus
   * @param teachers active teachers at the campus
   */
  public record Campus(String campusId, String name, long students, long teachers) {}

  /** The last file of a data set that was loaded (or released) for a district. */
  public record LastLoad(DataSet dataSet, long runId, Instant loadedAt, long rowsRead) {}

  /**
   * A page of a paged data set (students, teachers, users, courses) in key order.
   *
   * @param equal fields that must have exactly these values (already checked against the layout)
   * @param after where the previous page ended, or null for the first page
   */
  public Page page(
      String district,
      DataSet ds,
      Map<String, String> equal,
      boolean includeInactive,
      int limit,
      Cursor after) {
    if (!PAGED.contains(ds)) {
      throw new IllegalArgumentException(ds + " is not paged by one key");
    }
    String key = ds.keyFields().get(0).name();
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where district = ?");
    params.add(district);
    if (!includeInactive) {
      where.append(" and live");
    }
    for (Map.Entry<String, String> e : equal.entrySet()) {
      Field f = ds.field(e.getKey()).orElseThrow();
      where.append(" and ").append(f.name()).append(" = ?");
      params.add(e.getValue());
    }
    if (after != null) {
      where.append(" and ").append(key).append(" > ?");
      params.add(after.after());
    }
    // One more than asked tells whether another page follows, without a count.
    params.add(limit + 1);
    List<Map<String, Object>> rows =
        jdbc.sql(
                "select "
                    + columns(ds, "")
                    + ", live from "
                    + ds.id()
                    + where
                    + " order by "
                    + key
                    + " limit ?")
            .params(params)
            .query((rs, n) -> record(rs, ds, 0, true))
            .list();
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<Map<String, Object>> page = rows.subList(0, limit);
    return new Page(page, new Cursor(ds, (String) page.get(limit - 1).get(key)));
  }

  /** One record of a paged data set by its key, active or not. */
  public Optional<Map<String, Object>> find(String district, DataSet ds, String id) {
    String key = ds.keyFields().get(0).name();
    return jdbc.sql(
            "select "
                + columns(ds, "")
                + ", live from "
                + ds.id()
                + " where district = ? and "
                + key
                + " = ?")
        .params(district, id)
        .query((rs, n) -> record(rs, ds, 0, true))
        .optional();
  }

  /** A student's records of a data set that belongs to students (GPA, IBC, course requests). */
  public List<Map<String, Object>> ofStudent(String district, DataSet ds, String studentId) {
    return jdbc.sql(
            "select "
                + columns(ds, "")
                + " from "
                + ds.id()
                + " where district = ? and student_id = ? order by "
                + ds.keyFields().stream().map(Field::name).collect(Collectors.joining(", ")))
        .params(district, studentId)
        .query((rs, n) -> record(rs, ds, 0, false))
        .list();
  }

  /**
   * A student's grades, oldest first, each with its course as the district's active crosswalk
   * describes it (state course code, credits, subject area) under {@code crosswalk}, or null when
   * the crosswalk does not have the course.
   */
  public List<Map<String, Object>> transcript(String district, String studentId) {
    DataSet grades = DataSet.GRADES;
    DataSet courses = DataSet.COURSE_CROSSWALK;
    String crosswalk =
        CROSSWALK_FIELDS.stream().map(f -> "c." + f).collect(Collectors.joining(", "));
    return jdbc.sql(
            "select "
                + columns(grades, "g.")
                + ", c.local_course_id is not null, "
                + crosswalk
                + " from grades g left join course_crosswalk c on c.district = g.district"
                + " and c.local_course_id = g.local_course_id and c.live"
                + " where g.district = ? and g.student_id = ?"
                + " order by g.school_year, g.term, g.local_course_id, g.section_id")
        .params(district, studentId)
        .query(
            (rs, n) -> {
              Map<String, Object> line = record(rs, grades, 0, false);
              int at = grades.fields().size() + 1;
              if (!rs.getBoolean(at)) {
                line.put("crosswalk", null);
                return line;
              }
              Map<String, Object> course = new LinkedHashMap<>();
              for (int i = 0; i < CROSSWALK_FIELDS.size(); i++) {
                Field f = courses.field(CROSSWALK_FIELDS.get(i)).orElseThrow();
                course.put(f.name(), value(rs, at + 1 + i, f));
              }
              line.put("crosswalk", course);
              return line;
            })
        .list();
  }

  /** Whether a district has a student with this id, active or not. */
  public boolean hasStudent(String district, String studentId) {
    return jdbc.sql("select count(*) from students where district = ? and student_id = ?")
            .params(district, studentId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** The campuses the district's active students and teachers name, by campus id. */
  public List<Campus> campuses(String district) {
    return jdbc.sql(
            "select campus_id, max(campus_name), sum(s), sum(t) from ("
                + " select campus_id, campus_name, 1 as s, 0 as t from students"
                + " where district = ? and live"
                + " union all select campus_id, null, 0, 1 from teachers"
                + " where district = ? and live) c"
                + " where campus_id is not null group by campus_id order by campus_id")
        .params(district, district)
        .query(
            (rs, n) -> new Campus(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
        .list();
  }

  /**
   * The last load of each data set of every district, by district code; the time is when the data
   * went live (the release, for a held file).
   */
  public Map<String, List<LastLoad>> lastLoads() {
    Map<String, List<LastLoad>> out = new LinkedHashMap<>();
    jdbc.sql(
            "select distinct on (district, dataset) district, dataset, id,"
                + " greatest(finished_at, decided_at) as loaded_at, rows_read from ingest_run"
                + " where dataset is not null and status in ('LOADED', 'RELEASED')"
                + " order by district, dataset, loaded_at desc nulls last, id desc")
        .query(
            rs -> {
              Optional<DataSet> ds = DataSet.byId(rs.getString(2));
              if (ds.isPresent()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(
                        new LastLoad(
                            ds.get(), rs.getLong(3), instant(rs.getTimestamp(4)), rs.getLong(5)));
              }
            });
    out.values().forEach(l -> l.sort((a, b) -> a.dataSet().loadOrder() - b.dataSet().loadOrder()));
    return out;
  }

  static String columns(DataSet ds, String alias) {
    return ds.fields().stream().map(f -> alias + f.name()).collect(Collectors.joining(", "));
  }

  static Map<String, Object> record(ResultSet rs, DataSet ds, int offset, boolean live)
      throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Field> fields = ds.fields();
    for (int i = 0; i < fields.size(); i++) {
      out.put(fields.get(i).name(), value(rs, offset + i + 1, fields.get(i)));
    }
    if (live) {
      // False once the record was missing from a later file: deactivated, kept rather than deleted.
      out.put("live", rs.getBoolean(offset + fields.size() + 1));
    }
    return out;
  }

  private static Object value(ResultSet rs, int column, Field f) throws SQLException {
    return switch (f.type()) {
      case TEXT, ID, CODE -> rs.getString(column);
      case LIST -> {
        String s = rs.getString(column);
        yield s == null ? null : Arrays.stream(s.split(";")).map(String::strip).toList();
      }
      case DATE -> {
        LocalDate d = rs.getObject(column, LocalDate.class);
        yield d == null ? null : d.toString();
      }
      case DECIMAL -> {
        BigDecimal b = rs.getBigDecimal(column);
        yield b;
      }
      case INTEGER, SCHOOL_YEAR -> rs.getObject(column, Integer.class);
      case FLAG -> rs.getObject(column, Boolean.class);
    };
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
