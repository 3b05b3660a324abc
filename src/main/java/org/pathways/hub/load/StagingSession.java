package org.pathways.hub.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.parse.CanonicalRow;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * One file's rows on their way into a data set, inside the caller's transaction: streamed by COPY
 * into a temporary staging table, checked there with set-based SQL (duplicate keys, references),
 * compared with the live snapshot, and published with three statements. Nothing is visible to
 * anyone else until the caller commits, so a crash leaves the old snapshot whole.
 *
 * <p>Each record carries two hashes: {@code rec_key}, the MD5 of its key values (computable in SQL
 * as {@code md5(student_id)::uuid}, which is how references are checked against the students'
 * primary key), and {@code rec_hash}, the MD5 of all its values, so an unchanged record costs one
 * comparison and no write.
 */
public final class StagingSession implements AutoCloseable {

  private static final char SEP = '\u001f';

  private final Connection conn;
  private final DataSet ds;
  private final String district;
  private final String table;
  private final int[] keyFields;
  private final List<Field> fields;
  private final String columnList;
  private final MessageDigest md5;
  private final StringBuilder keyText = new StringBuilder(64);
  private final StringBuilder rowText = new StringBuilder(256);
  private final StringBuilder line = new StringBuilder(256);
  private final int studentField;
  private final int courseField;
  private Writer copy;
  private long staged;
  private long skipped;

  public StagingSession(Connection conn, DataSet ds, String district) throws SQLException {
    this.conn = conn;
    this.ds = ds;
    this.district = district;
    this.table = "stage_" + ds.id();
    this.fields = ds.fields();
    this.keyFields =
        fields.stream().filter(Field::key).mapToInt(f -> ds.indexOf(f.name())).toArray();
    this.columnList = fields.stream().map(Field::name).collect(Collectors.joining(", "));
    // A reference is hashed as the key of the record it names, so it is checked against that
    // table's primary key.
    this.studentField = ds == DataSet.STUDENTS ? -1 : ds.indexOf("student_id");
    this.courseField =
        ds == DataSet.GRADES || ds == DataSet.COURSE_REQUESTS ? ds.indexOf("local_course_id") : -1;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder ddl =
        new StringBuilder("create temp table ")
            .append(table)
            .append(
                " (line bigint not null, skipped boolean not null, rec_key uuid, rec_hash uuid,"
                    + " student_ref uuid, course_ref uuid");
    for (Field f : fields) {
      ddl.append(", ").append(f.name()).append(' ').append(f.type().sqlType());
    }
    ddl.append(") on commit drop");
    try (PreparedStatement lock =
        conn.prepareStatement("select pg_advisory_xact_lock(hashtext(?), ?)")) {
      // Two files of one data set for one district (a resend racing the nightly file, or two
      // nodes) are loaded one after the other: each diff must see the other's published rows.
      lock.setString(1, district);
      lock.setInt(2, ds.ordinal());
      lock.execute();
    }
    try (Statement st = conn.createStatement()) {
      // Every statement of a load is a set operation over whole tables. A live table loaded
      // moments ago has no statistics yet, and the planner then picks a nested-loop anti-join
      // that is quadratic (minutes for 60,000 grades); hash and merge joins are always right here.
      st.execute("set local enable_nestloop = off");
      st.execute("set local work_mem = '64MB'");
      st.execute(ddl.toString());
    }
    PGCopyOutputStream out =
        new PGCopyOutputStream(
            conn.unwrap(PGConnection.class),
            "copy "
                + table
                + " (line, skipped, rec_key, rec_hash, student_ref, course_ref, "
                + columnList
                + ") from stdin",
            1 << 16);
    copy = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Stages a row. A row with errors is staged as skipped with only its key, so the record it names
   * keeps its live values instead of being deactivated.
   */
  public void add(CanonicalRow row, boolean hasErrors) {
    line.setLength(0);
    line.append(row.line()).append('\t').append(hasErrors ? 't' : 'f').append('\t');
    String key = keyHash(row);
    line.append(key == null ? "\\N" : key).append('\t');
    if (hasErrors) {
      line.append("\\N\t\\N\t\\N");
      for (int i = 0; i < fields.size(); i++) {
        line.append("\t\\N");
      }
      skipped++;
    } else {
      line.append(rowHash(row)).append('\t');
      line.append(referenceHash(row, studentField)).append('\t');
      line.append(referenceHash(row, courseField));
      for (int i = 0; i < fields.size(); i++) {
        line.append('\t');
        appendCopyValue(row.get(i));
      }
      staged++;
    }
    line.append('\n');
    try {
      copy.append(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long staged() {
    return staged;
  }

  public long skipped() {
    return skipped;
  }

  /**
   * Ends the COPY and reports duplicate keys and references to unknown students or courses. A
   * reference is checked only where the district's SIS sends the data set it points to: a SIS that
   * sends no crosswalk puts the state course code on each grade instead.
   */
  public void finishStaging(Issues issues, boolean checkStudents, boolean checkCourses)
      throws SQLException {
    try {
      copy.close();
    } catch (IOException e) {
      throw new SQLException("Staging the rows failed: " + e.getMessage(), e);
    }
    copy = null;
    checkDuplicateKeys(issues);
    checkReferences(issues, checkStudents && studentField >= 0, checkCourses && courseField >= 0);
  }

  private void checkDuplicateKeys(Issues issues) throws SQLException {
    String keys =
        fields.stream().filter(Field::key).map(Field::name).collect(Collectors.joining(", "));
    // Group by hash only (no arrays), then read back the lines of the few keys that repeat.
    String sql =
        "with d as (select rec_key from "
            + table
            + " where rec_key is not null group by rec_key having count(*) > 1)"
            + " select s.rec_key, s.line from "
            + table
            + " s join d on d.rec_key = s.rec_key order by s.rec_key, s.line";
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      String current = null;
      long first = 0;
      while (rs.next()) {
        String key = rs.getString(1);
        long line = rs.getLong(2);
        if (!key.equals(current)) {
          current = key;
          first = line;
          continue;
        }
        issues.add(
            IssueCode.DUPLICATE_KEY,
            line,
            keys,
            null,
            "Line "
                + line
                + " repeats the "
                + keys
                + " of line "
                + first
                + "; each record must appear once. Remove the duplicate from the export.");
      }
    }
  }

  /**
   * Reports rows naming a student or course the district never sent, in one pass over the staged
   * rows. A student who withdrew keeps a transcript: a record once sent still counts.
   */
  private void checkReferences(Issues issues, boolean students, boolean courses)
      throws SQLException {
    if (!students && !courses) {
      return;
    }
    StringBuilder sql = new StringBuilder("select s.line, ");
    sql.append(students ? "s.student_id, st.rec_key is null" : "null, false").append(", ");
    sql.append(courses ? "s.local_course_id, c.rec_key is null" : "null, false");
    sql.append(" from ").append(table).append(" s");
    List<String> missing = new ArrayList<>();
    List<String> params = new ArrayList<>();
    if (students) {
      sql.append(" left join students st on st.district = ? and st.rec_key = s.student_ref");
      missing.add("(s.student_ref is not null and st.rec_key is null)");
      params.add(district);
    }
    if (courses) {
      sql.append(" left join course_crosswalk c on c.district = ? and c.rec_key = s.course_ref");
      missing.add("(s.course_ref is not null and c.rec_key is null)");
      params.add(district);
    }
    sql.append(" where not s.skipped and (").append(String.join(" or ", missing)).append(")");
    sql.append(" order by s.line");
    try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setString(i + 1, params.get(i));
      }
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long line = rs.getLong(1);
          if (rs.getBoolean(3)) {
            String value = rs.getString(2);
            issues.add(
                IssueCode.UNKNOWN_STUDENT,
                line,
                "student_id",
                value,
                "Line "
                    + line
                    + ": student_id '"
                    + value
                    + "' names a student who is not in the students data.");
          }
          if (rs.getBoolean(5)) {
            String value = rs.getString(4);
            issues.add(
                IssueCode.UNKNOWN_COURSE,
                line,
                "local_course_id",
                value,
                "Line "
                    + line
                    + ": local_course_id '"
                    + value
                    + "' names a course that is not in the course crosswalk, so it cannot count toward a graduation requirement.");
          }
        }
      }
    }
  }

  /**
   * An identifier field whose live values are digits of one width, padded with leading zeros: the
   * shape a spreadsheet destroys when it reads the export as numbers.
   *
   * @param field the canonical field
   * @param width the width nearly every live value has
   * @param values live values of that width in the sample
   * @param padded how many of them start with a zero
   */
  public record PaddedField(String field, int width, long values, long padded) {}

  /** Live records read to learn an identifier's shape: enough to see it, bounded in cost. */
  static final int PADDED_SAMPLE = 10_000;

  /** Fewer live values than this say nothing about a shape. */
  static final int PADDED_MIN_VALUES = 20;

  /** Share of live values that must have the one width, in percent. */
  static final int PADDED_SAME_WIDTH_PCT = 95;

  /**
   * Share of those that must start with a zero, in percent: padding is then the district's habit,
   * not chance (ten-digit Texas ids that never start with 0 are not padded).
   */
  static final int PADDED_WITH_ZERO_PCT = 10;

  /**
   * The identifier fields of this data set whose live values, for this district, are zero-padded
   * digits of one width. One bounded pass over a sample of the live records.
   */
  public List<PaddedField> paddedFields() throws SQLException {
    List<Field> ids = fields.stream().filter(f -> f.type() == FieldType.ID).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    String values =
        ids.stream()
            .map(f -> "('" + f.name() + "', l." + f.name() + ")")
            .collect(Collectors.joining(", "));
    String sql =
        "select c.name, case when c.v !~ '[^0-9]' then length(c.v) else 0 end, count(*),"
            + " count(*) filter (where c.v like '0%') from (select "
            + ids.stream().map(Field::name).collect(Collectors.joining(", "))
            + " from "
            + ds.id()
            + " where district = ?"
            + (ds.deactivates() ? " and live" : "")
            + " limit ?) l cross join lateral (values "
            + values
            + ") c(name, v) where c.v is not null and c.v <> '' group by 1, 2";
    Map<String, long[]> total = new java.util.HashMap<>();
    Map<String, long[]> best = new java.util.HashMap<>();
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, district);
      ps.setInt(2, PADDED_SAMPLE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          int width = rs.getInt(2);
          long n = rs.getLong(3);
          total.computeIfAbsent(name, k -> new long[1])[0] += n;
          long[] b = best.get(name);
          if (width > 0 && (b == null || n > b[1])) {
            best.put(name, new long[] {width, n, rs.getLong(4)});
          }
        }
      }
    }
    List<PaddedField> out = new ArrayList<>();
    for (Field f : ids) {
      long[] b = best.get(f.name());
      if (b == null || b[1] < PADDED_MIN_VALUES) {
        continue;
      }
      long all = total.get(f.name())[0];
      if (b[1] * 100 >= all * PADDED_SAME_WIDTH_PCT && b[2] * 100 >= b[1] * PADDED_WITH_ZERO_PCT) {
        out.add(new PaddedField(f.name(), (int) b[0], b[1], b[2]));
      }
    }
    return out;
  }

  /**
   * A staged identifier of a padded field that is digits and shorter than the field's width.
   *
   * @param meant the value padded back to its width, what it probably was before it lost its zeros
   */
  public record ShortId(long line, String field, String value, int width, String meant) {}

  /** Hands every staged identifier shorter than its padded width to {@code each}, in line order. */
  public void shortIds(List<PaddedField> padded, java.util.function.Consumer<ShortId> each)
      throws SQLException {
    if (padded.isEmpty()) {
      return;
    }
    String values =
        padded.stream()
            .map(p -> "('" + p.field() + "', s." + p.field() + ", " + p.width() + ")")
            .collect(Collectors.joining(", "));
    String sql =
        "select s.line, c.name, c.v, c.w from "
            + table
            + " s cross join lateral (values "
            + values
            + ") c(name, v, w) where not s.skipped and ("
            // Tested on the plain columns first, so the rows that pass none (nearly all) are
            // dropped before the lateral join multiplies them: a seventh of the time.
            + padded.stream()
                .map(p -> "length(s." + p.field() + ") < " + p.width())
                .collect(Collectors.joining(" or "))
            + ") and length(c.v) < c.w and c.v !~ '[^0-9]'"
            + " and c.v <> '' order by s.line";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String v = rs.getString(3);
          int w = rs.getInt(4);
          each.accept(
              new ShortId(rs.getLong(1), rs.getString(2), v, w, "0".repeat(w - v.length()) + v));
        }
      }
    }
  }

  /** Compares the staged rows with the live snapshot within {@code scope}. */
  public Diff diff(Map<String, String> scope) throws SQLException {
    String live = ds.id();
    String reactivated = ds.deactivates() ? " or not l.live" : "";
    String sameActive = ds.deactivates() ? " and l.live" : "";
    long added;
    long updated;
    long unchanged;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select count(*) filter (where l.rec_key is null), count(*) filter (where l.rec_key is not null and (l.rec_hash <> s.rec_hash"
                + reactivated
                + ")), count(*) filter (where l.rec_key is not null and l.rec_hash = s.rec_hash"
                + sameActive
                + ") from "
                + table
                + " s left join "
                + live
                + " l on l.district = ? and l.rec_key = s.rec_key where not s.skipped")) {
      ps.setString(1, district);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        added = rs.getLong(1);
        updated = rs.getLong(2);
        unchanged = rs.getLong(3);
      }
    }
    Scope sc = Scope.of(scope, ds);
    long deactivated =
        count(
            "select count(*) from "
                + live
                + " l where l.district = ?"
                + sameActive
                + sc.sql
                + " and not exists (select 1 from "
                + table
                + " s where s.rec_key = l.rec_key)",
            sc);
    long activeBefore =
        count("select count(*) from " + live + " l where l.district = ?" + sameActive + sc.sql, sc);
    return new Diff(staged, added, updated, unchanged, deactivated, activeBefore);
  }

  /** Fields people recognise a record by, shown after its key when the data set has them. */
  private static final List<String> RECOGNISABLE =
      List.of(
          "first_name",
          "last_name",
          "grade_level",
          "campus_id",
          "course_title",
          "course_name",
          "email",
          "grade",
          "credits_earned");

  /**
   * Up to {@code limit} records of each kind this load would add, update and remove within {@code
   * scope}, for a held run's review. Only the key and a few recognisable fields are kept.
   */
  public List<Change> examples(Map<String, String> scope, int limit) throws SQLException {
    List<String> shown = new ArrayList<>();
    for (Field f : fields) {
      if (f.key()) {
        shown.add(f.name());
      }
    }
    for (String name : RECOGNISABLE) {
      if (ds.field(name).isPresent() && !shown.contains(name) && shown.size() < 7) {
        shown.add(name);
      }
    }
    String staged = shown.stream().map(c -> "s." + c + "::text").collect(Collectors.joining(", "));
    String liveCols =
        shown.stream().map(c -> "l." + c + "::text").collect(Collectors.joining(", "));
    String live = ds.id();
    String sameActive = ds.deactivates() ? " and l.live" : "";
    String reactivated = ds.deactivates() ? " or not l.live" : "";
    List<Change> out = new ArrayList<>();
    examples(
        out,
        "ADDED",
        shown,
        "select "
            + staged
            + " from "
            + table
            + " s where not s.skipped and not exists (select 1 from "
            + live
            + " l where l.district = ? and l.rec_key = s.rec_key) order by s.line limit ?",
        List.of(district),
        limit);
    examples(
        out,
        "UPDATED",
        shown,
        "select "
            + staged
            + " from "
            + table
            + " s join "
            + live
            + " l on l.district = ? and l.rec_key = s.rec_key where not s.skipped and (l.rec_hash <> s.rec_hash"
            + reactivated
            + ") order by s.line limit ?",
        List.of(district),
        limit);
    Scope sc = Scope.of(scope, ds);
    List<String> params = new ArrayList<>();
    params.add(district);
    params.addAll(sc.values);
    examples(
        out,
        "REMOVED",
        shown,
        "select "
            + liveCols
            + " from "
            + live
            + " l where l.district = ?"
            + sameActive
            + sc.sql
            + " and not exists (select 1 from "
            + table
            + " s where s.rec_key = l.rec_key)"
            + " order by 1 limit ?",
        params,
        limit);
    return out;
  }

  private void examples(
      List<Change> out, String kind, List<String> shown, String sql, List<String> params, int limit)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      for (String p : params) {
        ps.setString(i++, p);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> values = new ArrayList<>(shown.size());
          for (int c = 1; c <= shown.size(); c++) {
            values.add(rs.getString(c));
          }
          out.add(new Change(kind, shown, values));
        }
      }
    }
  }

  /**
   * Publishes the staged rows: retire the absent, update the changed, insert the new. Retiring
   * first means a first load compares nothing, and the insert meets no rows of its own.
   *
   * <p>Each of the three statements also writes the records it changed to the change feed ({@code
   * change_log}): a data-modifying CTE hands the rows it wrote to an insert, so the feed costs no
   * second pass over the live table. A retired record keeps its key there, as it may be gone from
   * the live table; an added or updated one only its {@code rec_key}, and the feed serves its
   * values from the live table: keeping every value again tripled the cost of a first load
   * (docs/benchmarks.md). The run then takes its place in the feed ({@link #publishChanges}).
   *
   * @param runId the run publishing, recorded as each changed row's {@code last_run}
   * @param scope the part of the data set the file covers
   * @param at when the run publishes, for the feed's retention
   */
  public void apply(long runId, Map<String, String> scope, java.time.Instant at)
      throws SQLException {
    String live = ds.id();
    String set =
        fields.stream().map(f -> f.name() + " = s." + f.name()).collect(Collectors.joining(", "));
    String reactivated = ds.deactivates() ? " or not l.live" : "";
    String activate = ds.deactivates() ? ", live = true" : "";
    Scope sc = Scope.of(scope, ds);
    List<Object> params = new ArrayList<>();
    params.add(runId);
    params.add(district);
    params.addAll(sc.values);
    String absent = " and not exists (select 1 from " + table + " s where s.rec_key = l.rec_key)";
    String keys =
        fields.stream()
            .filter(Field::key)
            .map(f -> "l." + f.name())
            .collect(Collectors.joining(", "));
    long changes;
    if (ds.deactivates()) {
      changes =
          update(
              logged(
                  runId,
                  "deactivated",
                  keyRecord(),
                  "update "
                      + live
                      + " l set live = false, last_run = ? where l.district = ? and l.live"
                      + sc.sql
                      + absent
                      + " returning l.rec_key, "
                      + keys),
              params.toArray());
    } else {
      params.remove(0);
      changes =
          update(
              logged(
                  runId,
                  "deactivated",
                  keyRecord(),
                  "delete from "
                      + live
                      + " l where l.district = ?"
                      + sc.sql
                      + absent
                      + " returning l.rec_key, "
                      + keys),
              params.toArray());
    }
    String lCols = fields.stream().map(f -> "l." + f.name()).collect(Collectors.joining(", "));
    changes +=
        update(
            logged(
                runId,
                "updated",
                "null",
                "update "
                    + live
                    + " l set rec_hash = s.rec_hash, last_run = ?"
                    + activate
                    + ", "
                    + set
                    + " from "
                    + table
                    + " s where l.district = ? and l.rec_key = s.rec_key and not s.skipped and (l.rec_hash <> s.rec_hash"
                    + reactivated
                    + ") returning l.rec_key, "
                    + lCols),
            runId,
            district);
    String sCols = fields.stream().map(f -> "s." + f.name()).collect(Collectors.joining(", "));
    changes +=
        update(
            logged(
                runId,
                "added",
                "null",
                "insert into "
                    + live
                    + " (district, rec_key, rec_hash, first_run, last_run, "
                    + columnList
                    + ") select ?, s.rec_key, s.rec_hash, ?, ?, "
                    + sCols
                    + " from "
                    + table
                    + " s where not s.skipped and not exists (select 1 from "
                    + live
                    + " l where l.district = ? and l.rec_key = s.rec_key) order by s.rec_key"
                    + " returning rec_key, "
                    + columnList),
            district,
            runId,
            runId,
            district);
    publishChanges(runId, changes, at);
  }

  /**
   * Wraps a statement that returns the rows it wrote ({@code rec_key} and fields) so that they also
   * go to the change feed, in the order the statement returns them.
   */
  private static String logged(long runId, String kind, String record, String statement) {
    return "with w as ("
        + statement
        + ") insert into change_log (run_id, seq, kind, rec_key, record) select "
        + runId
        + ", nextval('change_seq'), '"
        + kind
        + "', w.rec_key, "
        + record
        + " from w";
  }

  /** A retired record as the feed keeps it: its key, which is all a consumer needs to drop it. */
  private String keyRecord() {
    return jsonObject(fields.stream().filter(Field::key).toList());
  }

  private static String jsonObject(List<Field> of) {
    return of.stream()
        .map(f -> "'" + f.name() + "', w." + f.name())
        .collect(Collectors.joining(", ", "jsonb_build_object(", ")"));
  }

  /**
   * Gives the run its place in the change feed, last in its transaction. The lock (per district,
   * held to the commit, apart from the per-data-set lock of the staging) makes the publication
   * numbers of one district follow the order in which runs commit: a consumer that has read up to a
   * number has seen every run of the district before it, even one that started earlier and took
   * longer. The lock is held only for this insert and the commit that follows it.
   */
  private void publishChanges(long runId, long changes, java.time.Instant at) throws SQLException {
    try (PreparedStatement lock =
        conn.prepareStatement("select pg_advisory_xact_lock(hashtext(?), -1)")) {
      lock.setString(1, district);
      lock.execute();
    }
    update(
        "insert into change_publication (district, dataset, run_id, published_at, changes)"
            + " values (?, ?, ?, ?, ?)",
        district,
        ds.id(),
        runId,
        java.sql.Timestamp.from(at),
        changes);
  }

  private long count(String sql, Scope sc) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, district);
      for (int i = 0; i < sc.values.size(); i++) {
        ps.setString(i + 2, sc.values.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeLargeUpdate();
    }
  }

  /** The SQL condition of a file's scope, as {@code and l.grade_status = ?}. */
  private record Scope(String sql, List<String> values) {
    static Scope of(Map<String, String> scope, DataSet ds) {
      StringBuilder sql = new StringBuilder();
      List<String> values = new ArrayList<>();
      scope.forEach(
          (k, v) -> {
            if (ds.field(k).isEmpty()) {
              throw new IllegalArgumentException(k + " is not a field of " + ds);
            }
            sql.append(" and l.").append(k).append("::text = ?");
            values.add(v);
          });
      return new Scope(sql.toString(), values);
    }
  }

  private String keyHash(CanonicalRow row) {
    keyText.setLength(0);
    for (int i = 0; i < keyFields.length; i++) {
      if (i > 0) {
        keyText.append(SEP);
      }
      String v = row.get(keyFields[i]);
      if (v != null) {
        keyText.append(v);
      } else if (fields.get(keyFields[i]).required()) {
        return null; // a record without its identity cannot be matched
      }
    }
    return uuid(keyText);
  }

  private String referenceHash(CanonicalRow row, int field) {
    if (field < 0 || row.get(field) == null) {
      return "\\N";
    }
    return uuid(row.get(field));
  }

  private String rowHash(CanonicalRow row) {
    rowText.setLength(0);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        rowText.append(SEP);
      }
      String v = row.get(i);
      rowText.append(v == null ? "\u0000" : v);
    }
    return uuid(rowText);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private String uuid(CharSequence text) {
    byte[] d = md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    char[] out = new char[36];
    int o = 0;
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        out[o++] = '-';
      }
      out[o++] = HEX[(d[i] >> 4) & 0xf];
      out[o++] = HEX[d[i] & 0xf];
    }
    return new String(out);
  }

  private void appendCopyValue(String v) {
    if (v == null) {
      line.append("\\N");
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\0' -> {
          // PostgreSQL text cannot hold NUL; binary files are refused before this point
        }
        default -> line.append(c);
      }
    }
  }

  @Override
  public void close() {
    if (copy != null) {
      try {
        copy.close();
      } catch (IOException e) {
        // the transaction is being abandoned anyway
      }
      copy = null;
    }
  }
}
