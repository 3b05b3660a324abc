package org.pathways.hub.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.parse.CanonicalRow;
import org.pathways.hub.parse.KnownLines;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * One file's rows on their way into a data set, inside the caller's transaction: streamed by COPY
 * into a temporary staging table, checked, compared with the live snapshot, and published with
 * three statements. Nothing is visible to anyone else until the caller commits, so a crash leaves
 * the old snapshot whole.
 *
 * <p>Each record carries two hashes: {@code rec_key}, the MD5 of its key values (computable in SQL
 * as {@code md5(student_id)::uuid}, which is how a grade's student is found among the students),
 * and {@code rec_hash}, the MD5 of all its values.
 *
 * <p>Where records of the file's scope are already live, they are first read into a {@link
 * LiveIndex}, and a row whose record is live with the same values is only counted: it is not
 * staged, compared or written. Only new and changed rows reach the staging table, and the records
 * the file leaves out are retired by key. On a night when one row in a hundred changed, that is
 * what makes the load cheap. A first load (nothing live) or an index too large for the heap stages
 * every row and compares in SQL.
 *
 * <p>A district's first load of a data set has no partition of the live table yet: its rows are
 * staged straight into the table that becomes that partition, which is attached when the load
 * publishes (see {@link #attachPartition}), so they are written once. A district's grades sent in
 * parts (history and current, by grade_status) keep each part in a partition of its own within the
 * district's, so a part's first load beside the other part is written once too, and its key built
 * once.
 *
 * <p>References to students and courses, and identifiers that lost their leading zeros, are checked
 * here on every row, changed or not, against keys read once per load.
 */
public final class StagingSession implements AutoCloseable {

  private static final char SEP = '\u001f';

  /** What an absent value is hashed as, so that it differs from an empty one. */
  private static final char NO_VALUE = '\u0000';

  /**
   * Share of the heap a live index may take; larger scopes are compared in SQL. Half: on a night
   * the index serves, recognised lines make next to no garbage.
   */
  private static final int INDEX_HEAP_DIVISOR = 2;

  /** Share of the heap the staged rows' key prefixes may take; more are checked in SQL. */
  private static final int STAGED_KEYS_HEAP_DIVISOR = 8;

  /**
   * The order staged rows are inserted in: each of the live key's leaves then takes its new entries
   * one after the other, instead of rows landing on leaves at random across a key larger than the
   * server's buffers (1.3 M grades into the 6.7 M of their history: 12.2 to 13.4 s with the sort,
   * 23.9 to 24.6 s in the file's order).
   */
  private static final String IN_KEY_ORDER = " order by s.rec_key";

  /** The records a scope's index is first made room for when no earlier file tells how many. */
  private static final int UNKNOWN_LIVE_GUESS = 1 << 16;

  /**
   * Above this share of changed rows (in percent of the live records) publishing joins by hashing
   * the live scope, below it by probing the live table's key for each staged row.
   */
  private static final int PROBE_MAX_PCT = 20;

  private final Connection conn;
  private final DataSet ds;
  private final String district;

  /**
   * Where the rows are staged: a temporary table, or on a first load the new partition (from the
   * first row on).
   */
  private String table;

  /** The temporary table rows are staged in when they are compared with live records. */
  private final String stageTable;

  /** The columns a staged row fills, in the order the COPY sends them. */
  private final String stagedColumns;

  /** The run the rows are loaded for: a first load's partition records it in every row. */
  private final long runId;

  private final int[] keyFields;
  private final List<Field> fields;
  private final String columnList;
  private final Scope scope;
  private final Hasher hasher;

  /** The columns of a staged row: line, skipped, the key, both hashes, then the fields. */
  private final int columns;

  private final int studentField;
  private final int courseField;
  private final KeyPrefixes students;
  private final KeyPrefixes courses;
  private final List<PaddedField> padded;
  private final int[] paddedIndexes;
  private final LiveIndex index;
  private final KeyPrefixes stagedKeys;

  /**
   * The district's partition of the live table, quoted; until the district's first load of the data
   * set publishes, it does not exist ({@link #hasPartition}).
   */
  private final String partition;

  /** Whether the district's partition exists: some record of the data set may be live. */
  private final boolean hasPartition;

  /**
   * The field by whose value the district's partition keeps each part of the data set apart (a
   * grades file's history and current part, by grade_status), or null. Only the live table's key
   * names it, so only it can bound a partition.
   */
  private static final Map<DataSet, String> PART_FIELD = Map.of(DataSet.GRADES, "grade_status");

  /**
   * The partition of the rows' part within the district's partition, quoted, where the file covers
   * one part of a data set kept by part; else null.
   */
  private final String partPartition;

  /** The value of the part field the file covers, where {@link #partPartition} is not null. */
  private final String partValue;

  /** The live column that holds the part, or null where the data set is not kept by part. */
  private final String partField;

  /** The part column's field index, or -1; a row staged as skipped still needs a value. */
  private final int partFieldIndex;

  /** Whether the district's partition is itself partitioned by part. */
  private final boolean partitionedByPart;

  /**
   * The table a first load stages its rows into, which becomes live when the load publishes: the
   * district's partition, or its part's. Null when the rows are compared with live records.
   */
  private String newTable;

  /** No record of the scope is live: nothing to compare with, nothing to retire. */
  private boolean nothingLive;

  /** What the diff found of the staged rows, or null before it. */
  private Compared compared;

  /**
   * The staged rows as the diff found them against the live table, which the data set's lock keeps
   * as it was until the publish.
   *
   * @param added new records
   * @param updated live records with other values (or deactivated)
   * @param matched live records, with the same values or not
   */
  private record Compared(long added, long updated, long matched) {}

  private java.util.function.Consumer<ShortId> shortIds = id -> {};
  private String lastStudent;
  private boolean lastStudentKnown;
  private final Map<String, Boolean> courseKnown = new java.util.HashMap<>();
  private BinaryRows copy;

  /** The stream under {@link #copy}, to cancel a COPY that is given up. */
  private PGCopyOutputStream copyOut;

  private long accepted;
  private long staged;
  private long skipped;
  private long unchanged;
  private long duplicatesSkipped;

  /**
   * Rows staged only to give an unchanged live record the hash of its line (its text differs from
   * the one it was loaded from, or that one had none): they change no value.
   */
  private long relined;

  /** Rows staged whose record the live index does not hold (or with no index): new, or unknown. */
  private long stagedUnindexed;

  /**
   * Whether the staging holds rows marked skipped (a key alone, or a repeated key), which a new
   * table loses before it goes live.
   */
  private boolean skippedStaged;

  /** A duplicate reported without its key's values: its line and its record's key prefix. */
  private record Unvalued(long line, long keyPrefix) {}

  /** Duplicates reported without their key's values, to read them for. */
  private final List<Unvalued> unvalued = new ArrayList<>();

  /**
   * The most duplicates whose values are read back, one probe each: a bound for issues that keep
   * everything; a run's issues keep fewer of one code (200), and each of those gets its values.
   */
  private static final int VALUED_DUPLICATES = 1000;

  private boolean goneStaged;
  private boolean analyzed;

  /** A session without scope or reference checks, for loads that only need the lock and table. */
  public StagingSession(Connection conn, DataSet ds, String district) throws SQLException {
    this(conn, ds, district, 0, Map.of(), false, false, 0);
  }

  /**
   * Opens the session: takes the data set's lock for the district, reads what the rows are checked
   * against, and makes the table the rows are staged in.
   *
   * @param runId the run the rows are loaded for, recorded as the first and last run of the records
   *     it writes
   * @param scope the part of the data set the file covers, as {@code grade_status = HISTORY}
   * @param checkStudents whether rows must name a student the district sent
   * @param checkCourses whether rows must name a course of the district's crosswalk
   * @param expectedLive about how many records are live in the scope (the rows of the last file
   *     loaded), or 0 to count them
   */
  public StagingSession(
      Connection conn,
      DataSet ds,
      String district,
      long runId,
      Map<String, String> scope,
      boolean checkStudents,
      boolean checkCourses,
      long expectedLive)
      throws SQLException {
    this.conn = conn;
    this.ds = ds;
    this.district = district;
    this.stageTable = "stage_" + ds.id();
    this.table = stageTable;
    this.runId = runId;
    this.fields = ds.fields();
    this.keyFields =
        fields.stream().filter(Field::key).mapToInt(f -> ds.indexOf(f.name())).toArray();
    this.columnList = fields.stream().map(Field::name).collect(Collectors.joining(", "));
    this.stagedColumns = "line, skipped, rec_key, rec_hash, line_hash, " + columnList;
    this.columns = 5 + fields.size();
    this.scope = Scope.of(scope, ds);
    // A reference is hashed as the key of the record it names, so it is looked up among that
    // data set's keys.
    this.studentField = ds == DataSet.STUDENTS ? -1 : ds.indexOf("student_id");
    this.courseField =
        ds == DataSet.GRADES || ds == DataSet.COURSE_REQUESTS ? ds.indexOf("local_course_id") : -1;
    this.hasher = new Hasher(keyFields, fields);
    try (PreparedStatement lock =
        conn.prepareStatement("select pg_advisory_xact_lock(hashtext(?), ?)")) {
      // Two files of one data set for one district (a resend racing the nightly file, or two
      // nodes) are loaded one after the other: each diff must see the other's published rows,
      // and the live index read below stays true until this transaction ends.
      lock.setString(1, district);
      lock.setInt(2, ds.ordinal());
      lock.execute();
    }
    // Every statement of a load is a set operation over whole tables. A live table loaded
    // moments ago has no statistics yet, and the planner then picks a nested-loop anti-join that
    // is quadratic (minutes for 60,000 grades); hash and merge joins are always right here,
    // except where a few staged rows probe the live table's key (probing()).
    // The planner's costs with nested loops off are huge, so every statement would be compiled
    // by the JIT (about 150 ms each, most of a small file's load) for no gain on these plans.
    setLocal("enable_nestloop = off", "work_mem = '64MB'", "jit = off");
    this.partition = '"' + ds.id() + "_" + district + '"';
    this.partField = PART_FIELD.get(ds);
    this.partFieldIndex = partField == null ? -1 : ds.indexOf(partField);
    if (partField != null && scope.size() == 1 && scope.containsKey(partField)) {
      this.partValue = scope.get(partField);
      this.partPartition = partPartitionOf(partValue);
    } else {
      this.partValue = null;
      this.partPartition = null;
    }
    boolean hasPart;
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select (select relkind::text from pg_class where oid = to_regclass("
                    + literal(partition)
                    + ")), to_regclass("
                    + literal(partPartition == null ? partition : partPartition)
                    + ") is not null")) {
      rs.next();
      String kind = rs.getString(1);
      this.hasPartition = kind != null;
      this.partitionedByPart = "p".equals(kind);
      hasPart = rs.getBoolean(2);
    }
    if (!hasPartition) {
      // The district's first load of the data set: into a new table, its part's where it has one.
      this.newTable = partPartition != null ? partPartition : partition;
    } else if (partitionedByPart && partPartition != null && !hasPart) {
      // The part's first load, beside other parts already live.
      this.newTable = partPartition;
    } else {
      this.newTable = null;
    }
    this.students =
        checkStudents && studentField >= 0 ? KeyPrefixes.read(conn, keysOf("students")) : null;
    this.courses =
        checkCourses && courseField >= 0
            ? KeyPrefixes.read(conn, keysOf("course_crosswalk"))
            : null;
    this.padded = hasPartition ? readPaddedFields() : List.of();
    this.paddedIndexes = padded.stream().mapToInt(p -> ds.indexOf(p.field())).toArray();
    if (newTable == null) {
      this.index = readIndex(expectedLive);
    } else {
      this.index = null;
      this.nothingLive = true;
    }
    this.stagedKeys =
        new KeyPrefixes(
            index == null ? expectedLive : expectedLive / 100,
            (int)
                Math.min(
                    Integer.MAX_VALUE - 16,
                    Runtime.getRuntime().maxMemory() / STAGED_KEYS_HEAP_DIVISOR / Long.BYTES));
    StringBuilder ddl =
        new StringBuilder("create temp table ")
            .append(stageTable)
            .append(
                " (line bigint not null, skipped boolean not null, rec_key uuid, rec_hash uuid,"
                    + " line_hash bigint");
    appendColumns(ddl, fields, null);
    ddl.append(") on commit drop");
    try (Statement st = conn.createStatement()) {
      st.execute(ddl.toString());
    }
  }

  /**
   * The COPY of the staged rows, started by the first row staged: until then the connection stays
   * free for the run's other statements, and a night on which no row changed starts none.
   */
  private BinaryRows copy() throws IOException {
    if (copy == null) {
      try {
        if (newTable != null && !intoPartition()) {
          createPartition();
        }
        copyOut =
            new PGCopyOutputStream(
                conn.unwrap(PGConnection.class),
                "copy "
                    + table
                    + " ("
                    + stagedColumns
                    + ") from stdin (format binary"
                    // The new partition was made in this (sub)transaction, so its rows can be
                    // written frozen: visible to all once committed, with no hint bits for the
                    // next load's first read to set (a write of the whole table, 1.3 GB for 6.7 M
                    // grades) and the visibility map set, which lets the key be read without the
                    // table.
                    + (intoPartition() ? ", freeze)" : ")"),
                1 << 16);
        copy = new BinaryRows(copyOut);
      } catch (SQLException e) {
        throw new IllegalStateException("Staging the rows failed: " + e.getMessage(), e);
      }
    }
    return copy;
  }

  /** The keys of a data set's records for this district, live or not: a record once sent counts. */
  private String keysOf(String dataSet) {
    return "select rec_key from " + dataSet + " where district = " + literal(district);
  }

  /** A value written into a COPY statement, which takes no parameters. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The live records of the scope as an index, or null where they are compared in SQL: nothing is
   * live, or they would take more than their share of the heap.
   */
  private LiveIndex readIndex(long expected) throws SQLException {
    String where =
        " l where l.district = "
            + literal(district)
            + (ds.deactivates() ? " and l.live" : "")
            + scope.literalSql();
    long heap = Runtime.getRuntime().maxMemory() / INDEX_HEAP_DIVISOR;
    long max = Math.min(Integer.MAX_VALUE - 16, heap / LiveIndex.BYTES_PER_RECORD);
    if (expected > max) {
      return null;
    }
    // With no good file of the scope to go by, the records are read as they come, the arrays
    // growing: counting them first was a second scan of the partition whenever some were live.
    long live = expected > 0 ? expected : UNKNOWN_LIVE_GUESS;
    LiveIndex read =
        LiveIndex.read(
                conn,
                "select l.rec_key, l.rec_hash, l.line_hash from " + ds.id() + where,
                (int) Math.min(max, live + live / 16 + 16),
                (int) max)
            .orElse(null);
    if (read != null && read.size() == 0) {
      nothingLive = true;
      return null;
    }
    return read;
  }

  /** Where rows go from now on that name an identifier shorter than its padded width. */
  public void onShortId(java.util.function.Consumer<ShortId> each) {
    this.shortIds = each;
  }

  /**
   * Takes a row that has been validated: checks its references, key and identifiers, and stages it
   * unless its record is live with the same values. A row with errors is staged as skipped with
   * only its key, so the record it names keeps its live values instead of being deactivated.
   */
  public void add(CanonicalRow row, Issues issues) {
    boolean hasErrors = issues.rowHasErrors();
    byte[] key = keyDigest(row);
    if (index != null && key != null) {
      int slot = index.find(prefix(key), tail(key));
      if (slot >= 0) {
        long first = index.see(slot, row.line());
        if (first != 0) {
          // The record's first row decides; this one is reported and goes no further.
          duplicate(issues, row.line(), first, keyValues(row));
          skipped++;
          return;
        }
        if (hasErrors) {
          skipped++;
          return;
        }
        long lineHash = checkRow(row, issues) ? 0 : row.lineHash();
        accepted++;
        byte[] values = rowDigest(row);
        if (index.hash(slot) == prefix(values)) {
          if (lineHash == 0 || !index.hasLines()) {
            unchanged++;
            return;
          }
          // Its line was not recognised, so the record keeps another line's hash or none: staged
          // with the values it has, the diff counts it unchanged and the publish gives it this
          // line's hash, so that tomorrow the same text is recognised.
          relined++;
        }
        stage(row, key, values, lineHash);
        return;
      }
    }
    if (hasErrors) {
      skipped++;
      if (key == null) {
        // Nothing would ever read it: it names no record.
        return;
      }
      // Staged with its key only: a live record it names is not retired, and a later row with
      // its key is a duplicate. Its hash is never read; it is not null only because a first load
      // stages into a table whose hash column is the live table's.
      write(row, true, key, null, 0);
      skippedStaged = true;
      return;
    }
    long lineHash = checkRow(row, issues) ? 0 : row.lineHash();
    accepted++;
    stagedUnindexed++;
    stage(row, key, rowDigest(row), lineHash);
  }

  /**
   * The lines of this file that its scope's live records were loaded from, recognised as they are
   * read: each names its record as {@link #add} would once it had mapped, checked and hashed the
   * row, and the record is unchanged. Without a live index there is nothing to recognise, and every
   * line is read.
   *
   * @param seed the seed of the file's line hashes, apart from its header
   * @param issues the run's issues, for a line that repeats another's record
   */
  public KnownLines knownLines(long seed, Issues issues) {
    LiveIndex known = index != null && index.hasLines() ? index : null;
    return new KnownLines() {
      @Override
      public long seed() {
        return seed;
      }

      @Override
      public void find(long[] lineHashes, int n, int[] records) {
        if (known == null) {
          java.util.Arrays.fill(records, 0, n, -1);
        } else {
          known.findLines(lineHashes, n, records);
        }
      }

      @Override
      public void seen(int record, long line) {
        long first = index.see(record, line);
        if (first != 0) {
          // The line was recognised without being parsed: its key's values are read from the
          // record it repeats once the staging is done.
          // Only a kept issue is reported, so only a kept one is worth a probe for its values.
          if (duplicate(issues, line, first, null) && unvalued.size() < VALUED_DUPLICATES) {
            unvalued.add(new Unvalued(line, index.key(record)));
          }
          skipped++;
          return;
        }
        accepted++;
        unchanged++;
      }
    };
  }

  /** Stages a row that is not skipped. */
  private void stage(CanonicalRow row, byte[] key, byte[] values, long lineHash) {
    write(row, false, key, values, lineHash);
    staged++;
  }

  /**
   * Sends a row to the COPY, and keeps the prefix of its key (none for a row without one). A
   * skipped row carries its key only: no values, and a value hash of zeros that nothing reads.
   */
  private void write(CanonicalRow row, boolean skip, byte[] key, byte[] values, long lineHash) {
    try {
      BinaryRows out = copy();
      out.row(columns, row.line());
      out.int8(row.line());
      out.bool(skip);
      if (key == null) {
        out.nul();
      } else {
        out.uuid(key);
      }
      if (values == null) {
        out.uuid(0L, 0L);
      } else {
        out.uuid(values);
      }
      if (lineHash == 0) {
        out.nul();
      } else {
        out.int8(lineHash);
      }
      for (int i = 0; i < fields.size(); i++) {
        Field f = fields.get(i);
        out.value(f.type(), skip ? skippedValue(i) : row.get(i), f.name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (key != null) {
      stagedKeys.add(prefix(key));
    }
  }

  /**
   * A field's value in a row staged as skipped: none, but for the part field, which a new table
   * holds not null (the live table's key names it) and, for a part's table, its part's value.
   * Skipped rows are deleted before the table goes live.
   */
  private String skippedValue(int field) {
    if (field != partFieldIndex) {
      return null;
    }
    return partValue != null ? partValue : "";
  }

  /**
   * The checks that need more than the row: references to students and courses, and identifiers
   * shorter than the district's padded width. A student who withdrew keeps a transcript: a record
   * once sent still counts, so a reference found once is found on every later night, and a line
   * recognised by its text need not be checked again.
   *
   * @return whether the row raised anything, which its line must then raise again each night
   */
  private boolean checkRow(CanonicalRow row, Issues issues) {
    long n = row.line();
    boolean reported = false;
    if (students != null) {
      String value = row.get(studentField);
      if (value != null) {
        if (!value.equals(lastStudent)) {
          lastStudent = value;
          lastStudentKnown = students.contains(prefix(digest(value)));
        }
        if (!lastStudentKnown) {
          reported = true;
          issues.add(
              IssueCode.UNKNOWN_STUDENT,
              n,
              "student_id",
              value,
              "Line "
                  + n
                  + ": student_id '"
                  + value
                  + "' names a student who is not in the students data.");
        }
      }
    }
    if (courses != null) {
      String value = row.get(courseField);
      if (value != null) {
        Boolean known = courseKnown.get(value);
        if (known == null) {
          known = courses.contains(prefix(digest(value)));
          if (courseKnown.size() < 100_000) {
            courseKnown.put(value, known);
          }
        }
        if (!known) {
          reported = true;
          issues.add(
              IssueCode.UNKNOWN_COURSE,
              n,
              "local_course_id",
              value,
              "Line "
                  + n
                  + ": local_course_id '"
                  + value
                  + "' names a course that is not in the course crosswalk, so it cannot count toward a graduation requirement.");
        }
      }
    }
    for (int i = 0; i < paddedIndexes.length; i++) {
      String v = row.get(paddedIndexes[i]);
      PaddedField p = padded.get(i);
      if (v != null && !v.isEmpty() && v.length() < p.width() && digitsOnly(v)) {
        reported = true;
        shortIds.accept(
            new ShortId(n, p.field(), v, p.width(), "0".repeat(p.width() - v.length()) + v));
      }
    }
    return reported;
  }

  private static boolean digitsOnly(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reports a row that repeats an earlier row's key.
   *
   * @param values the key's values, as {@link #keyValues} writes them, or null while unknown
   * @return whether the issue was kept, and so will be reported
   */
  private boolean duplicate(Issues issues, long line, long first, String values) {
    String keys =
        fields.stream().filter(Field::key).map(Field::name).collect(Collectors.joining(", "));
    return issues.add(
        IssueCode.DUPLICATE_KEY,
        line,
        keys,
        values,
        "Line "
            + line
            + " repeats the "
            + keys
            + " of line "
            + first
            + "; each record must appear once. Remove the duplicate from the export.");
  }

  /** A row's key values in the order of the key's columns, as a duplicate's issue shows them. */
  private String keyValues(CanonicalRow row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keyFields.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      String v = row.get(keyFields[i]);
      out.append(v == null ? "" : v);
    }
    return out.toString();
  }

  /** The key columns of the table named {@code alias} as text, joined as {@link #keyValues}. */
  private String keyValuesSql(String alias) {
    return fields.stream()
        .filter(Field::key)
        .map(f -> "coalesce(" + alias + "." + f.name() + "::text, '')")
        .collect(Collectors.joining(" || ', ' || "));
  }

  /**
   * Gives the duplicates found among recognised lines the values of their key, read from the live
   * records they repeat: a few index probes, for the first {@value #VALUED_DUPLICATES} of them.
   */
  private void valueDuplicates(Issues issues) throws SQLException {
    if (unvalued.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select "
                + keyValuesSql("l")
                + " from "
                + ds.id()
                + " l where l.district = ? and l.rec_key between ?::uuid and ?::uuid")) {
      for (Unvalued d : unvalued) {
        ps.setString(1, district);
        ps.setString(2, new java.util.UUID(d.keyPrefix(), 0L).toString());
        ps.setString(3, new java.util.UUID(d.keyPrefix(), -1L).toString());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            issues.value(IssueCode.DUPLICATE_KEY, d.line(), rs.getString(1));
          }
        }
      }
    }
    unvalued.clear();
  }

  /** Rows without errors, staged or recognised as unchanged. */
  public long staged() {
    return accepted;
  }

  public long skipped() {
    return skipped;
  }

  /**
   * Ends the COPY and reports duplicate keys among the staged rows (a live record named twice has
   * been reported as its second row came). A later row repeating a key is then left out, so a
   * district whose profile skips bad rows loads each record once.
   */
  public void finishStaging(Issues issues) throws SQLException {
    if (copy != null) {
      try {
        copy.finish();
        copyOut.close();
      } catch (IOException e) {
        throw new SQLException("Staging the rows failed: " + e.getMessage(), e);
      }
      copy = null;
    }
    valueDuplicates(issues);
    if (stagedKeys.mayRepeat() && checkDuplicateKeys(issues)) {
      duplicatesSkipped =
          update(
              "update "
                  + table
                  + " s set skipped = true from (select line, row_number() over (partition by rec_key"
                  + " order by line) n from "
                  + table
                  + " where rec_key in (select rec_key from "
                  + table
                  + " where rec_key is not null group by rec_key having count(*) > 1)) d"
                  + " where s.line = d.line and d.n > 1 and not s.skipped");
      skippedStaged |= duplicatesSkipped > 0;
    }
  }

  private boolean checkDuplicateKeys(Issues issues) throws SQLException {
    // Group by hash only (no arrays), then read back the lines of the few keys that repeat.
    String sql =
        "with d as (select rec_key from "
            + table
            + " where rec_key is not null group by rec_key having count(*) > 1)"
            + " select s.rec_key, s.line, case when s.skipped then null else "
            + keyValuesSql("s")
            + " end from "
            + table
            + " s join d on d.rec_key = s.rec_key order by s.rec_key, s.line";
    boolean found = false;
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      String current = null;
      long first = 0;
      // A row with errors is staged with its key's hash only: its key's values are those of
      // another row of the same key.
      String values = null;
      while (rs.next()) {
        String key = rs.getString(1);
        long line = rs.getLong(2);
        String own = rs.getString(3);
        if (!key.equals(current)) {
          current = key;
          first = line;
          values = own;
          continue;
        }
        if (values == null) {
          values = own;
        }
        duplicate(issues, line, first, own != null ? own : values);
        found = true;
      }
    }
    return found;
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
  public List<PaddedField> paddedFields() {
    return padded;
  }

  private List<PaddedField> readPaddedFields() throws SQLException {
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
    // A bitmap scan would mark every record of the district before the first of the sample came
    // back: seconds for millions of grades. The sample takes the first records it meets.
    setLocal("enable_bitmapscan = off");
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
    } finally {
      setLocal("enable_bitmapscan = on");
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

  /**
   * Compares the file with the live snapshot within its scope. With a live index, the unchanged
   * records have been counted as the rows came, those left out are the ones no row named, and only
   * the staged rows are compared here. The first load of a part beside others already live that
   * names a record of theirs has its rows moved here to be compared as any others ({@link
   * #restage}).
   */
  public Diff diff() throws SQLException {
    if (newTable != null && hasPartition) {
      // A part's first load beside other parts: its key is built now, to be read beside theirs.
      deleteSkipped();
      addKey();
      if (namesLiveRecord()) {
        restage();
      }
    }
    if (newTable != null) {
      // Nothing of the district, or of the part, is live, and no row names a record of another
      // part: every staged row that is not skipped is a new record.
      long added = staged - duplicatesSkipped;
      this.compared = new Compared(added, 0, 0);
      return new Diff(accepted, added, 0, 0, 0, 0);
    }
    if (index != null && stagedUnindexed == 0 && duplicatesSkipped == 0) {
      // Every staged row named a live record of the index, whose value hash it was compared with as
      // it came: changed, or only given its line. Nothing is left for the join to find (a night on
      // which some rows changed and none is new: 0.6 s for 66,000 staged grades).
      long updated = staged - relined;
      this.compared = new Compared(0, updated, staged);
      if (staged * 100 > (long) index.size() * PROBE_MAX_PCT) {
        // Joined by hashing at the publish, which must know how many rows there are.
        analyzeStaged();
      }
      return new Diff(accepted, 0, updated, unchanged + relined, index.unseen(), index.size());
    }
    String live = ds.id();
    String reactivated = ds.deactivates() ? " or not l.live" : "";
    String sameActive = ds.deactivates() ? " and l.live" : "";
    long added;
    long updated;
    long same;
    analyzeStaged();
    boolean probe = probing();
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
        same = rs.getLong(3);
      }
    } finally {
      unprobe(probe);
    }
    this.compared = new Compared(added, updated, updated + same);
    if (index != null) {
      return new Diff(accepted, added, updated, unchanged + same, index.unseen(), index.size());
    }
    if (nothingLive) {
      return new Diff(accepted, added, updated, same, 0, 0);
    }
    long deactivated =
        count(
            "select count(*) from "
                + live
                + " l where l.district = ?"
                + sameActive
                + scope.sql
                + " and not exists (select 1 from "
                + table
                + " s where s.rec_key = l.rec_key)");
    long activeBefore =
        count("select count(*) from " + live + " l where l.district = ?" + sameActive + scope.sql);
    return new Diff(accepted, added, updated, same, deactivated, activeBefore);
  }

  /**
   * Whether a row staged into its part's new table names a record live in another part of the
   * district (a grade that moved from the current part to the history). The live key names the
   * part, so it cannot refuse such a row: the keys are compared here, the new table's ({@link
   * #addKey}) and the other parts', read side by side in their order, all the work being one read
   * of each key; hashing either side took 2.6 s for 1.3 M staged grades against the 6.7 M of their
   * history, and 16 s when the planner misjudged the sides.
   */
  private boolean namesLiveRecord() throws SQLException {
    // Nothing but the two keys in their order: no hash, no sort, and no copy of the other parts'
    // keys kept aside for a rescan that a key can do itself.
    setLocal(
        "enable_hashjoin = off",
        "enable_sort = off",
        "enable_material = off",
        "enable_mergejoin = on");
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select exists (select 1 from "
                    + newTable
                    + " n join "
                    + ds.id()
                    + " l on l.rec_key = n.rec_key where l.district = "
                    + literal(district)
                    + ")")) {
      rs.next();
      return rs.getBoolean(1);
    } finally {
      setLocal("enable_hashjoin = on", "enable_sort = on", "enable_material = on");
    }
  }

  /**
   * Builds the key of a part's new table, as the attach would build it; the attach then takes it as
   * it is. A key, not only a unique index: the attach takes a table's index as the live key's only
   * where it backs a key too, and would otherwise build a second one.
   */
  private void addKey() throws SQLException {
    update(
        "alter table "
            + newTable
            + " add primary key (rec_key, district, "
            + partField
            + ") with (fillfactor = 80)");
  }

  /** Deletes the new table's skipped rows, once: they only served the staging's checks. */
  private void deleteSkipped() throws SQLException {
    if (skippedStaged) {
      update("delete from " + newTable + " where skipped");
      skippedStaged = false;
    }
  }

  /**
   * Moves the rows of a part's new table to the staging table, to be compared with the live records
   * as on any other night, and makes the emptied table the part's partition: a record moving into
   * the part needs it. Only a part's first load that names a record of another part comes here.
   */
  private void restage() throws SQLException {
    update(
        "insert into "
            + stageTable
            + " ("
            + stagedColumns
            + ") select "
            + stagedColumns
            + " from "
            + newTable);
    update("truncate " + newTable);
    attachNewTable();
    table = stageTable;
    newTable = null;
  }

  /**
   * Whether the staged rows are few beside the live records, so that each should probe the live
   * table's key rather than the live scope be read whole. Switches the planner to that for the
   * statements that follow, until {@link #unprobe}.
   */
  private boolean probing() throws SQLException {
    if (index == null || staged * 100 > (long) index.size() * PROBE_MAX_PCT) {
      return false;
    }
    // No statistics are taken of the staged rows: with hash and merge joins off, the one plan left
    // is to read them and probe the live key for each (0.3 s saved on 66,000 staged grades).
    return probeAlways();
  }

  /**
   * Gives the planner the staged rows' statistics, once: they do not change once staging ends.
   * Without them it guesses, both ways: a few thousand staged rows against millions live were
   * joined by reading the whole live scope; 1.3 M staged grades against 6.7 M live were taken for
   * billions of matches and merged along the live key, fetching every live row in key order (34 s
   * instead of 5 s).
   */
  private void analyzeStaged() throws SQLException {
    if (!analyzed) {
      update("analyze " + table);
      analyzed = true;
    }
  }

  private void unprobe(boolean probe) throws SQLException {
    if (!probe) {
      return;
    }
    setLocal("enable_hashjoin = on", "enable_mergejoin = on", "enable_nestloop = off");
  }

  /** Planner settings for the rest of the transaction, or until set again. */
  private void setLocal(String... settings) throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (String setting : settings) {
        st.execute("set local " + setting);
      }
    }
  }

  /**
   * The records no row named, as a table of key ranges ({@code gone_*}: each range the 64-bit
   * prefix of one record's key, unique within the scope), for retiring them by key.
   */
  private String gone() throws SQLException {
    String gone = "gone_" + ds.id();
    if (goneStaged) {
      return gone;
    }
    try (Statement st = conn.createStatement()) {
      st.execute(
          "create temp table " + gone + " (lo uuid not null, hi uuid not null) on commit drop");
    }
    PGCopyOutputStream out =
        new PGCopyOutputStream(
            conn.unwrap(PGConnection.class),
            "copy " + gone + " (lo, hi) from stdin (format binary)",
            1 << 16);
    try (out) {
      BinaryRows rows = new BinaryRows(out);
      for (long prefix : index.unseenKeys()) {
        rows.row(2, 0);
        rows.uuid(prefix, 0L);
        rows.uuid(prefix, -1L);
      }
      rows.finish();
    } catch (IOException e) {
      throw new SQLException("Staging the absent records failed: " + e.getMessage(), e);
    }
    update("analyze " + gone);
    goneStaged = true;
    return gone;
  }

  /**
   * The live records of the scope the file leaves out: with a live index the join to the ranges of
   * those no row named ({@code g}), else the rows of {@code l} that no staged row names.
   *
   * @param join how the statement names a second table: "from", "using" or ","
   */
  private String[] absent(String join) throws SQLException {
    if (index == null) {
      return new String[] {
        "", " and not exists (select 1 from " + table + " s where s.rec_key = l.rec_key)"
      };
    }
    return new String[] {" " + join + " " + gone() + " g", " and l.rec_key between g.lo and g.hi"};
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
   * Up to {@code limit} records of each kind this load would add, update and remove within its
   * scope, for a held run's review. Only the key and a few recognisable fields are kept.
   */
  public List<Change> examples(int limit) throws SQLException {
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
    boolean probe = probing();
    try {
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
    } finally {
      unprobe(probe);
    }
    List<String> params = new ArrayList<>();
    params.add(district);
    params.addAll(scope.values);
    String[] absent = absent(",");
    boolean ranges = index != null && probeAlways();
    try {
      examples(
          out,
          "REMOVED",
          shown,
          "select "
              + liveCols
              + " from "
              + live
              + " l"
              + absent[0]
              + " where l.district = ?"
              + sameActive
              + scope.sql
              + absent[1]
              + " order by 1 limit ?",
          params,
          limit);
    } finally {
      unprobe(ranges);
    }
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
   * @param at when the run publishes, for the feed's retention
   */
  public void apply(java.time.Instant at) throws SQLException {
    if (newTable != null) {
      publishChanges(intoPartition() ? attachPartition() : 0, at, true);
      return;
    }
    if (partitionedByPart && partPartition == null) {
      makeParts();
    }
    String live = ds.id();
    String set =
        fields.stream().map(f -> f.name() + " = s." + f.name()).collect(Collectors.joining(", "));
    String reactivated = ds.deactivates() ? " or not l.live" : "";
    String activate = ds.deactivates() ? ", live = true" : "";
    String sameActive = ds.deactivates() ? " and l.live" : "";
    List<Object> params = new ArrayList<>();
    params.add(runId);
    params.add(district);
    params.addAll(scope.values);
    String keys =
        fields.stream()
            .filter(Field::key)
            .map(f -> "l." + f.name())
            .collect(Collectors.joining(", "));
    long changes = 0;
    boolean retire = !nothingLive && (index == null || index.unseen() > 0);
    String[] absent = retire ? absent(ds.deactivates() ? "from" : "using") : null;
    // Retiring by key ranges is a join only an index scan can do: each range finds its record.
    boolean rangeProbe = index != null && retire && probeAlways();
    try {
      if (!retire) {
        // nothing live is left out
      } else if (ds.deactivates()) {
        changes +=
            update(
                logged(
                    runId,
                    "deactivated",
                    keyRecord(),
                    "update "
                        + live
                        + " l set live = false, last_run = ?"
                        + absent[0]
                        + " where l.district = ? and l.live"
                        + scope.sql
                        + absent[1]
                        + " returning l.rec_key, "
                        + keys),
                params.toArray());
      } else {
        params.remove(0);
        changes +=
            update(
                logged(
                    runId,
                    "deactivated",
                    keyRecord(),
                    "delete from "
                        + live
                        + " l"
                        + absent[0]
                        + " where l.district = ?"
                        + scope.sql
                        + absent[1]
                        + " returning l.rec_key, "
                        + keys),
                params.toArray());
      }
    } finally {
      unprobe(rangeProbe);
    }
    // After the diff, a statement it showed has nothing to do is left out, and where no staged row
    // is live the insert need not look for one: on a first load that search is most of its cost.
    boolean anyUpdated = compared == null || compared.updated() > 0;
    boolean anyAdded = compared == null || compared.added() > 0;
    String notLive =
        compared != null && compared.matched() == 0
            ? ""
            : " and not exists (select 1 from "
                + live
                + " l where l.district = "
                + literal(district)
                + " and l.rec_key = s.rec_key)";
    if (staged > 0) {
      boolean probe = probing();
      try {
        if (anyUpdated) {
          changes +=
              update(
                  logged(
                      runId,
                      "updated",
                      "null",
                      "update "
                          + live
                          + " l set rec_hash = s.rec_hash, line_hash = s.line_hash, last_run = ?"
                          + activate
                          + ", "
                          + set
                          + " from "
                          + table
                          + " s where l.district = ? and l.rec_key = s.rec_key and not s.skipped and (l.rec_hash <> s.rec_hash"
                          + reactivated
                          + ") returning l.rec_key"),
                  runId,
                  district);
        }
        if (relined > 0 || (index == null && (compared == null || compared.matched() > 0))) {
          // The lines of unchanged records, which change no value and so are no change of the
          // feed's. Without an index every row is staged and any may carry a new line.
          update(
              "update "
                  + live
                  + " l set line_hash = s.line_hash from "
                  + table
                  + " s where l.district = ? and l.rec_key = s.rec_key and not s.skipped and"
                  + " l.rec_hash = s.rec_hash"
                  + sameActive
                  + " and l.line_hash is distinct from s.line_hash",
              district);
        }
        if (anyAdded) {
          changes +=
              update(
                  logged(
                      runId,
                      "added",
                      "null",
                      insertStaged(live) + notLive + IN_KEY_ORDER + " returning rec_key"),
                  district,
                  runId,
                  runId);
        }
      } finally {
        unprobe(probe);
      }
    }
    publishChanges(changes, at, false);
  }

  /**
   * The partition of one part within the district's partition, quoted. A district code has no
   * underscore, so no district's partition has this name.
   */
  private String partPartitionOf(String value) {
    return '"' + ds.id() + "_" + district + "_" + value.toLowerCase(Locale.ROOT) + '"';
  }

  /**
   * Makes the part partitions a file of every part needs that the district's partition, kept by
   * part, does not have yet: each part its rows name.
   */
  private void makeParts() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select distinct " + partField + " from " + table + " where not skipped")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    for (String v : values) {
      update(
          "create table if not exists "
              + partPartitionOf(v)
              + " partition of "
              + partition
              + forValues(v)
              + " with (fillfactor = 90)");
    }
  }

  /**
   * Makes the table a district's first load of the data set stages its rows into, which becomes the
   * district's partition of the live table: the live table's columns, the district and the run as
   * defaults so that the rows need not carry them, and the staging's line and skipped flag, dropped
   * before the attach. Nobody else sees it before the commit, and a load that is not applied rolls
   * it back with the rest.
   *
   * <p>The fields that bound the district's snapshots (the part's grade_status) come right after
   * the key: reading one part's keys for the nightly index then takes only a row's first columns
   * apart (1.5 s instead of 2.9 s for 6.7 M grades). The attach matches columns by name.
   */
  private void createPartition() throws SQLException {
    StringBuilder ddl =
        new StringBuilder("create table ")
            .append(newTable)
            .append(" (district text not null default ")
            .append(literal(district))
            .append(", rec_key uuid not null, rec_hash uuid not null, line_hash bigint");
    if (ds.deactivates()) {
      ddl.append(", live boolean not null default true");
    }
    ddl.append(", first_run bigint not null default ")
        .append(runId)
        .append(", last_run bigint not null default ")
        .append(runId);
    List<Field> ordered = new ArrayList<>(fields);
    ordered.sort(java.util.Comparator.comparing(f -> !scope.fields().contains(f.name())));
    // The part field is part of the live key, so not null, as the attach requires.
    appendColumns(ddl, ordered, partField);
    // The checks are the bounds of the partition it becomes, so the attach need not read the rows
    // to prove them.
    ddl.append(", line bigint not null, skipped boolean not null, check (district = ")
        .append(literal(district))
        .append(')');
    if (newTable.equals(partPartition)) {
      ddl.append(", check (")
          .append(partField)
          .append(" = ")
          .append(literal(partValue))
          .append(')');
    }
    // A tenth of each page is left free, so that a record updated on a later night keeps its new
    // version on its page: no new entry in the key, and one page written instead of three.
    ddl.append(") with (fillfactor = 90)");
    update(ddl.toString());
    table = newTable;
  }

  /** Whether the rows are staged into the new partition, which the first of them made. */
  private boolean intoPartition() {
    return table.equals(newTable);
  }

  /**
   * Publishes a district's first load of the data set: the staged rows that were skipped go, the
   * staging's columns are dropped, and attaching the table to the live table as the district's
   * partition builds the key (and any other index) once, from the whole table, with no index kept
   * up row by row. The rows' keys are unique by now (duplicates are skipped), so the key cannot
   * fail to build. The attach blocks no other district's reads or loads. The additions are not
   * written to the change log: they are the partition's rows of this first run, and the feed reads
   * them from there (V22).
   *
   * @return the records added
   */
  private long attachPartition() throws SQLException {
    long added = staged - duplicatesSkipped;
    if (added == 0) {
      // Only skipped rows: no partition yet, as before the load.
      update("drop table " + newTable);
      return 0;
    }
    deleteSkipped();
    attachNewTable();
    // A new table has no statistics until autovacuum comes by, and the next load's statements
    // would be planned as if it were empty: retiring absent records by key range then read the
    // ranges once per record (10 s for the 10,000 grades of a held demo file, quadratic). A sample
    // of the table now costs 1.6 to 2.1 s for 8 M grades, far less than one such plan.
    // A part's table is sampled, not the district's partition above it: plans of one district read
    // its parts' statistics, as they read no statistics of the live table above every district.
    update("analyze " + newTable);
    return added;
  }

  /**
   * Makes the new table live: the staging's columns are dropped and it is attached as the
   * district's partition, or as its part's within the district's partition, which the district's
   * first load makes. The attach builds the table's key once, from the whole table.
   */
  private void attachNewTable() throws SQLException {
    update(
        "alter table "
            + newTable
            + " drop column line, drop column skipped, alter column district drop default,"
            + " alter column first_run drop default, alter column last_run drop default");
    if (!newTable.equals(partPartition)) {
      update("alter table " + ds.id() + " attach partition " + newTable + forValues(district));
      return;
    }
    if (!hasPartition) {
      update(
          "create table "
              + partition
              + " partition of "
              + ds.id()
              + forValues(district)
              + " partition by list ("
              + partField
              + ")");
    }
    update("alter table " + partition + " attach partition " + newTable + forValues(partValue));
  }

  /** The bound of a list partition that holds {@code value}. */
  private static String forValues(String value) {
    return " for values in (" + literal(value) + ")";
  }

  /**
   * The insert of the staged rows that are not skipped into {@code into}, up to its {@code where};
   * its parameters are the district, then the run twice (first and last run).
   */
  private String insertStaged(String into) {
    return "insert into "
        + into
        + " (district, rec_key, rec_hash, line_hash, first_run, last_run, "
        + columnList
        + ") select ?, s.rec_key, s.rec_hash, s.line_hash, ?, ?, "
        + columns("s")
        + " from "
        + table
        + " s where not s.skipped";
  }

  /** The data set's fields as columns of the table named {@code alias}, in their order. */
  private String columns(String alias) {
    return fields.stream().map(f -> alias + "." + f.name()).collect(Collectors.joining(", "));
  }

  /**
   * Appends the fields' column definitions, each after a comma.
   *
   * @param notNull the field declared not null, or null for none
   */
  private static void appendColumns(StringBuilder ddl, List<Field> of, String notNull) {
    for (Field f : of) {
      ddl.append(", ").append(f.name()).append(' ').append(f.type().sqlType());
      if (f.name().equals(notNull)) {
        ddl.append(" not null");
      }
    }
  }

  /** Switches the planner to probing the live table's key, whatever the sizes. */
  private boolean probeAlways() throws SQLException {
    setLocal("enable_hashjoin = off", "enable_mergejoin = off", "enable_nestloop = on");
    return true;
  }

  /**
   * Wraps a statement that returns the rows it wrote ({@code rec_key}, and the fields {@code
   * record} reads) so that they also go to the change feed, in the order the statement returns
   * them. An added or updated record is served from the live table, so those statements return the
   * key alone: returning every field kept a copy of each written row until the statement ended (on
   * disk past work_mem) for nothing.
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
   *
   * @param fromLive whether the changes are the live rows the run first wrote rather than rows of
   *     the change log (a first load into a new partition)
   */
  private void publishChanges(long changes, java.time.Instant at, boolean fromLive)
      throws SQLException {
    try (PreparedStatement lock =
        conn.prepareStatement("select pg_advisory_xact_lock(hashtext(?), -1)")) {
      lock.setString(1, district);
      lock.execute();
    }
    update(
        "insert into change_publication (district, dataset, run_id, published_at, changes,"
            + " from_live) values (?, ?, ?, ?, ?, ?)",
        district,
        ds.id(),
        runId,
        java.sql.Timestamp.from(at),
        changes,
        fromLive);
  }

  private long count(String sql) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, district);
      for (int i = 0; i < scope.values.size(); i++) {
        ps.setString(i + 2, scope.values.get(i));
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

  /**
   * The SQL condition of a file's scope, as {@code and l.grade_status = ?}, and the fields it
   * names.
   */
  private record Scope(String sql, List<String> values, Set<String> fields) {
    /** The same condition with its values written in, for a COPY, which takes no parameters. */
    String literalSql() {
      String out = sql;
      for (String v : values) {
        out = out.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(literal(v)));
      }
      return out;
    }

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
      return new Scope(sql.toString(), values, Set.copyOf(scope.keySet()));
    }
  }

  /**
   * Hashes rows on the thread that reads them, ahead of {@link #add}, which then takes the hashes
   * from the row and hashes a row that came without them itself: two hashes a row are a third of
   * the work left on the thread that adds, and a fifth of the reading thread's. The returned hasher
   * is for one thread.
   */
  public Consumer<CanonicalRow> hashAhead() {
    Hasher ahead = new Hasher(keyFields, fields);
    return row -> row.hashed(ahead.key(row), ahead.values(row));
  }

  private byte[] keyDigest(CanonicalRow row) {
    return row.isHashed() ? row.keyHash() : hasher.key(row);
  }

  private byte[] rowDigest(CanonicalRow row) {
    return row.isHashed() ? row.valueHash() : hasher.values(row);
  }

  private byte[] digest(String text) {
    return hasher.digest(text);
  }

  /** The MD5s of rows' keys and values, with buffers of its own: for one thread. */
  static final class Hasher {
    private final int[] keyFields;
    private final List<Field> fields;
    private final MessageDigest md5;
    private byte[] utf8 = new byte[512];

    Hasher(int[] keyFields, List<Field> fields) {
      this.keyFields = keyFields;
      this.fields = fields;
      try {
        this.md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The MD5 of a row's key values, or null when a required one is missing. */
    byte[] key(CanonicalRow row) {
      int at = 0;
      for (int i = 0; i < keyFields.length; i++) {
        if (i > 0) {
          at = put(at, SEP);
        }
        String v = row.get(keyFields[i]);
        if (v != null) {
          at = put(at, v);
        } else if (fields.get(keyFields[i]).required()) {
          return null; // a record without its identity cannot be matched
        }
      }
      return digest(at);
    }

    byte[] values(CanonicalRow row) {
      int at = 0;
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          at = put(at, SEP);
        }
        String v = row.get(i);
        at = v == null ? put(at, NO_VALUE) : put(at, v);
      }
      return digest(at);
    }

    /** The MD5 of a text's UTF-8 bytes. */
    byte[] digest(String text) {
      return digest(put(0, text));
    }

    /**
     * Writes an ASCII character at {@code at}.
     *
     * @return where the next one goes
     */
    private int put(int at, char c) {
      room(at + 1);
      utf8[at] = (byte) c;
      return at + 1;
    }

    /**
     * Writes a value's UTF-8 bytes at {@code at}, into a buffer kept for the hasher: no string or
     * array is made for either of the two hashes a row, millions of rows.
     *
     * @return where the next one goes
     */
    private int put(int at, String v) {
      room(at + Utf8.MAX_BYTES_PER_CHAR * v.length());
      return Utf8.put(v, utf8, at, false);
    }

    private void room(int n) {
      if (utf8.length < n) {
        utf8 = java.util.Arrays.copyOf(utf8, Math.max(n, utf8.length * 2));
      }
    }

    private byte[] digest(int n) {
      md5.update(utf8, 0, n);
      return md5.digest();
    }
  }

  /** The first 64 bits of a digest, as {@code uuid} orders them. */
  static long prefix(byte[] d) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return v;
  }

  /** The next 32 bits of a digest. */
  static int tail(byte[] d) {
    return ((d[8] & 0xff) << 24) | ((d[9] & 0xff) << 16) | ((d[10] & 0xff) << 8) | (d[11] & 0xff);
  }

  @Override
  public void close() {
    if (copy != null) {
      try {
        // A COPY given up (a failed row, a run stopped) ends without its rows.
        copyOut.cancelCopy();
      } catch (SQLException e) {
        // the transaction is being abandoned anyway
      }
      copy = null;
    }
  }
}
