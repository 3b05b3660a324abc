package org.pathways.hub.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.Stage;
import org.pathways.hub.load.Change;
import org.pathways.hub.load.Diff;
import org.pathways.hub.vault.StoredFile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Received files, runs and their issues. */
@Repository
public class RunStore {

  private final JdbcClient jdbc;
  private final Clock clock;

  public RunStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A run as the processor needs it. */
  record PendingRun(
      long id,
      long receivedFileId,
      String district,
      String fileName,
      String entryName,
      StoredFile stored,
      RunStatus status,
      int attempts,
      Purge purge) {}

  /** Why a raw file is no longer in the vault. */
  record Purge(java.time.Instant at, String by, String reason) {}

  long addReceivedFile(
      String district, String fileName, String channel, StoredFile stored, java.time.Instant at) {
    return jdbc.sql(
            "insert into received_file (district, file_name, channel, sha256, size_bytes, vault_key, received_at)"
                + " values (?, ?, ?, ?, ?, ?, ?) returning id")
        .params(district, fileName, channel, stored.sha256(), stored.size(), stored.key(), utc(at))
        .query(Long.class)
        .single();
  }

  long addRun(
      long receivedFileId,
      String district,
      String entryName,
      String profileId,
      java.time.Instant at) {
    return jdbc.sql(
            "insert into ingest_run (received_file_id, district, entry_name, profile_id, status, created_at)"
                + " values (?, ?, ?, ?, 'RECEIVED', ?) returning id")
        .params(receivedFileId, district, entryName, profileId, utc(at))
        .query(Long.class)
        .single();
  }

  /**
   * Files whose runs a worker may take now, oldest first: those holding their district's oldest
   * waiting run, so that across nodes a district's files are processed in the order they came
   * (students before the grades that name them). A run another node is processing still waits, so
   * its district's later files are not taken meanwhile.
   */
  List<IngestService.Waiting> waiting(int max) {
    return jdbc.sql(
            "select f.district, f.file_name, f.channel, f.received_at,"
                + " array_agg(r.id order by r.id) from ingest_run r"
                + " join received_file f on f.id = r.received_file_id"
                + " where r.status = 'RECEIVED' and not exists (select 1 from ingest_run o"
                + " where o.district = r.district and o.status = 'RECEIVED'"
                + " and o.received_file_id <> r.received_file_id and o.id < r.id)"
                + " group by f.id, f.district, f.file_name, f.channel, f.received_at"
                + " order by min(r.id) limit ?")
        .param(max)
        .query(
            (rs, n) -> {
              List<Long> ids = new ArrayList<>();
              for (Object id : (Object[]) rs.getArray(5).getArray()) {
                ids.add(((Number) id).longValue());
              }
              return new IngestService.Waiting(
                  new IngestService.Received(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getTimestamp(4).toInstant()),
                  ids);
            })
        .list();
  }

  /**
   * The entry names of a run and of the waiting runs of its district's earlier files, this run's
   * first: what {@link RunProcessor} needs to keep an older file from being published after a newer
   * one of the same data set.
   */
  List<Named> withEarlierWaiting(long runId) {
    return jdbc.sql(
            "select r.id, r.district, r.entry_name from ingest_run r where r.id = ?"
                + " union all (select o.id, o.district, o.entry_name from ingest_run r join ingest_run o"
                + " on o.district = r.district and o.status = 'RECEIVED'"
                + " and o.received_file_id <> r.received_file_id and o.id < r.id"
                + " where r.id = ? order by o.id)")
        .params(runId, runId)
        .query((rs, n) -> new Named(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /** A run, its district and the name of the file (or archive entry) it reads. */
  record Named(long runId, String district, String entryName) {}

  /** Runs waiting to be processed, oldest first. */
  List<Long> pending() {
    return jdbc.sql("select id from ingest_run where status = 'RECEIVED' order by id")
        .query(Long.class)
        .list();
  }

  /**
   * Locks a run in the caller's transaction if it is in {@code status} and nobody else holds it.
   * The lock is the claim: a crash releases it with the connection.
   */
  Optional<PendingRun> lock(Connection conn, long runId, RunStatus status) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select r.id, r.received_file_id, r.district, f.file_name, r.entry_name, f.vault_key, f.sha256, f.size_bytes, r.status, r.attempts,"
                + " f.purged_at, f.purged_by, f.purge_reason"
                + " from ingest_run r join received_file f on f.id = r.received_file_id"
                + " where r.id = ? and r.status = ? for update of r skip locked")) {
      ps.setLong(1, runId);
      ps.setString(2, status.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PendingRun(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                new StoredFile(rs.getString(6), rs.getString(7), rs.getLong(8)),
                RunStatus.valueOf(rs.getString(9)),
                rs.getInt(10),
                rs.getTimestamp(11) == null
                    ? null
                    : new Purge(
                        rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13))));
      }
    }
  }

  /** Counts an attempt in its own transaction, so a run that keeps crashing the hub is noticed. */
  /**
   * Counts one more attempt at a waiting run, before it is processed, so that a run that keeps
   * crashing its worker is given up. Empty when the run is no longer waiting, or another node holds
   * it: that node is processing it, and this one must neither wait for it nor count an attempt.
   */
  Optional<Integer> countAttempt(long runId) {
    return jdbc.sql(
            "update ingest_run set attempts = attempts + 1 where id = (select id from ingest_run"
                + " where id = ? and status = 'RECEIVED' for update skip locked) returning attempts")
        .param(runId)
        .query(Integer.class)
        .optional();
  }

  /** The last run of a data set (and part) whose file was applied or held. */
  record Delivered(long runId, boolean sameContent) {}

  /** The last run of a data set (and part) whose file was applied or held, if any. */
  Optional<Delivered> lastDelivered(
      Connection conn, String district, String dataSet, String part, String sha)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select id, content_sha256 = ? from ingest_run where district = ? and dataset = ? and part is not distinct from ?"
                + " and status in ('LOADED', 'RELEASED', 'HELD') order by id desc limit 1")) {
      ps.setString(1, sha);
      ps.setString(2, district);
      ps.setString(3, dataSet);
      ps.setString(4, part);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Delivered(rs.getLong(1), rs.getBoolean(2)));
      }
    }
  }

  /** Good runs compared with a new file: the median of this many of the latest. */
  static final int HISTORY_RUNS = 10;

  /**
   * What the district's recent good (loaded or released) files of one data set and part looked
   * like, for the anomaly checks.
   *
   * @param goodRuns how many good runs the medians are taken over (at most {@value #HISTORY_RUNS})
   * @param medianRows the median row count, or null without good runs
   * @param medianBytesPerRow the median size of a row in bytes, over runs whose size is known
   * @param sizedRuns how many of the good runs have a known size
   * @param last the latest good run, or null
   */
  record History(
      int goodRuns, Double medianRows, Double medianBytesPerRow, int sizedRuns, LastGood last) {}

  /**
   * The latest good run of a data set and part.
   *
   * @param header its header as written, or null when unknown or the file has none
   * @param courseMissing its rows naming a course missing from the crosswalk, or null if unchecked
   */
  record LastGood(
      long runId,
      String entryName,
      java.time.Instant receivedAt,
      long rows,
      List<String> header,
      Long courseMissing) {}

  History history(Connection conn, String district, String dataSet, String part)
      throws SQLException {
    String good =
        " where r.district = ? and r.dataset = ? and r.part is not distinct from ?"
            + " and r.status in ('LOADED', 'RELEASED')";
    int goodRuns;
    Double medianRows;
    Double medianBytesPerRow;
    int sizedRuns;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "with recent as (select r.rows_read, r.entry_bytes from ingest_run r"
                + good
                + " order by r.id desc limit ?) select count(*),"
                + " percentile_cont(0.5) within group (order by rows_read),"
                + " count(entry_bytes) filter (where rows_read > 0),"
                + " percentile_cont(0.5) within group (order by entry_bytes::float8 / nullif(rows_read, 0))"
                + " from recent")) {
      ps.setString(1, district);
      ps.setString(2, dataSet);
      ps.setString(3, part);
      ps.setInt(4, HISTORY_RUNS);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        goodRuns = rs.getInt(1);
        medianRows = (Double) rs.getObject(2);
        sizedRuns = rs.getInt(3);
        medianBytesPerRow = (Double) rs.getObject(4);
      }
    }
    LastGood last = null;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select r.id, r.entry_name, f.received_at, r.rows_read, r.header, r.course_missing"
                + " from ingest_run r join received_file f on f.id = r.received_file_id"
                + good
                + " order by r.id desc limit 1")) {
      ps.setString(1, district);
      ps.setString(2, dataSet);
      ps.setString(3, part);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          java.sql.Array header = rs.getArray(5);
          last =
              new LastGood(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getTimestamp(3).toInstant(),
                  rs.getLong(4),
                  header == null ? null : List.of((String[]) header.getArray()),
                  (Long) rs.getObject(6));
        }
      }
    }
    return new History(goodRuns, medianRows, medianBytesPerRow, sizedRuns, last);
  }

  /**
   * Keeps what later files of the data set are compared with, for a run whose data was applied;
   * called inside the run's transaction.
   */
  void recordFacts(
      Connection conn, long runId, long entryBytes, List<String> header, Long courseMissing)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "update ingest_run set entry_bytes = ?, header = ?, course_missing = ? where id = ?")) {
      ps.setLong(1, entryBytes);
      if (header.isEmpty()) {
        ps.setNull(2, java.sql.Types.ARRAY);
      } else {
        ps.setArray(2, conn.createArrayOf("text", header.toArray(new String[0])));
      }
      ps.setObject(3, courseMissing, java.sql.Types.BIGINT);
      ps.setLong(4, runId);
      ps.executeUpdate();
    }
  }

  /** Whether a later run of the same data set and part was applied after {@code runId}. */
  boolean appliedAfter(Connection conn, long runId, String district, String dataSet, String part)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select 1 from ingest_run where district = ? and dataset = ? and part is not distinct from ? and id > ?"
                + " and status in ('LOADED', 'RELEASED') limit 1")) {
      ps.setString(1, district);
      ps.setString(2, dataSet);
      ps.setString(3, part);
      ps.setLong(4, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The outcome of processing, written in the same transaction as the data. */
  record Outcome(
      RunStatus status,
      Stage stage,
      String dataSet,
      String part,
      String contentSha256,
      long rowsRead,
      Diff diff,
      Issues issues,
      String message,
      Long duplicateOf,
      String decidedBy,
      String reason,
      java.time.Instant startedAt,
      List<Change> examples) {}

  void finish(Connection conn, long runId, Outcome o) throws SQLException {
    Diff d = o.diff() == null ? new Diff(0, 0, 0, 0, 0, 0) : o.diff();
    boolean decided = o.decidedBy() != null;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "update ingest_run set status = ?, stage = ?, dataset = coalesce(?, dataset), part = coalesce(?, part),"
                + " content_sha256 = coalesce(?, content_sha256), rows_read = ?, added = ?, updated = ?, unchanged = ?, deactivated = ?,"
                + " errors = ?, warnings = ?, message = ?, duplicate_of = ?, started_at = ?, finished_at = ?"
                + (decided ? ", decided_by = ?, decision_reason = ?, decided_at = ?" : "")
                + " where id = ?")) {
      int i = 1;
      ps.setString(i++, o.status().name());
      ps.setString(i++, o.stage() == null ? null : o.stage().name());
      ps.setString(i++, o.dataSet());
      ps.setString(i++, o.part());
      ps.setString(i++, o.contentSha256());
      ps.setLong(i++, o.rowsRead());
      ps.setLong(i++, d.added());
      ps.setLong(i++, d.updated());
      ps.setLong(i++, d.unchanged());
      ps.setLong(i++, d.deactivated());
      ps.setLong(i++, o.issues().errors());
      ps.setLong(i++, o.issues().warnings());
      ps.setString(i++, o.message());
      ps.setObject(i++, o.duplicateOf());
      Timestamp now = Timestamp.from(clock.instant());
      ps.setTimestamp(i++, o.startedAt() == null ? now : Timestamp.from(o.startedAt()));
      ps.setTimestamp(i++, now);
      if (decided) {
        ps.setString(i++, o.decidedBy());
        ps.setString(i++, o.reason());
        ps.setTimestamp(i++, now);
      }
      ps.setLong(i, runId);
      ps.executeUpdate();
    }
    try (PreparedStatement del = conn.prepareStatement("delete from run_issue where run_id = ?");
        PreparedStatement delCount =
            conn.prepareStatement("delete from run_issue_count where run_id = ?")) {
      del.setLong(1, runId);
      del.executeUpdate();
      delCount.setLong(1, runId);
      delCount.executeUpdate();
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "insert into run_issue (run_id, seq, severity, code, line, column_name, value, message) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      int seq = 0;
      for (Issue issue : sorted(o.issues().kept())) {
        ps.setLong(1, runId);
        ps.setInt(2, seq++);
        ps.setString(3, issue.severity().name());
        ps.setString(4, issue.code().name());
        ps.setLong(5, issue.line());
        ps.setString(6, issue.column());
        ps.setString(7, issue.value());
        ps.setString(8, issue.message());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (!o.examples().isEmpty()) {
      // Written when a run is held; a release keeps them, as the record of what was reviewed.
      try (PreparedStatement del =
              conn.prepareStatement("delete from run_example where run_id = ?");
          PreparedStatement ps =
              conn.prepareStatement(
                  "insert into run_example (run_id, seq, kind, columns, vals) values (?, ?, ?, ?, ?)")) {
        del.setLong(1, runId);
        del.executeUpdate();
        int seq = 0;
        for (Change c : o.examples()) {
          ps.setLong(1, runId);
          ps.setInt(2, seq++);
          ps.setString(3, c.kind());
          ps.setArray(4, conn.createArrayOf("text", c.columns().toArray()));
          ps.setArray(5, conn.createArrayOf("text", c.values().toArray()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "insert into run_issue_count (run_id, code, severity, count) values (?, ?, ?, ?)")) {
      for (Map.Entry<IssueCode, Long> e : o.issues().counts().entrySet()) {
        ps.setLong(1, runId);
        ps.setString(2, e.getKey().name());
        ps.setString(3, o.issues().severityOf(e.getKey()).name());
        ps.setLong(4, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static List<Issue> sorted(List<Issue> issues) {
    return issues.stream()
        .sorted(java.util.Comparator.comparingLong(Issue::line).thenComparing(Issue::severity))
        .toList();
  }

  /** An engineer's decision on a held run: its status and why, its issues kept as they are. */
  void decide(
      Connection conn, long runId, RunStatus status, String message, String by, String reason)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "update ingest_run set status = ?, message = ?, decided_by = ?, decision_reason = ?,"
                + " decided_at = ? where id = ?")) {
      ps.setString(1, status.name());
      ps.setString(2, message);
      ps.setString(3, by);
      ps.setString(4, reason);
      ps.setTimestamp(5, Timestamp.from(clock.instant()));
      ps.setLong(6, runId);
      ps.executeUpdate();
    }
  }

  /** One run with up to {@code maxIssues} of its issues. */
  public Optional<RunSummary> summary(long runId, int maxIssues) {
    return jdbc.sql(SUMMARY + " where r.id = ?")
        .param(runId)
        .query((rs, n) -> summaryOf(rs, maxIssues))
        .optional();
  }

  /** The latest runs of a district, newest first. */
  public List<RunSummary> recent(String district, int limit) {
    return jdbc.sql(SUMMARY + " where r.district = ? order by r.id desc limit ?")
        .params(district, limit)
        .query((rs, n) -> summaryOf(rs, 0))
        .list();
  }

  /**
   * Which runs of a district to list: each criterion null for any.
   *
   * @param status one status
   * @param dataSet one data set id
   * @param receivedFrom received at or after
   * @param receivedBefore received before
   * @param fileContains part of the file's name, any case
   */
  public record RunFilter(
      RunStatus status,
      String dataSet,
      java.time.Instant receivedFrom,
      java.time.Instant receivedBefore,
      String fileContains) {

    public static RunFilter any() {
      return new RunFilter(null, null, null, null, null);
    }
  }

  /** A page of a district's runs matching {@code filter}, newest first. */
  public List<RunSummary> search(String district, RunFilter filter, int limit, long offset) {
    List<Object> params = new ArrayList<>();
    String where = where(district, filter, params);
    params.add(limit);
    params.add(offset);
    return jdbc.sql(SUMMARY + where + " order by r.id desc limit ? offset ?")
        .params(params)
        .query((rs, n) -> summaryOf(rs, 0))
        .list();
  }

  /** How many runs of a district match {@code filter}. */
  public long count(String district, RunFilter filter) {
    List<Object> params = new ArrayList<>();
    String where = where(district, filter, params);
    return jdbc.sql(
            "select count(*) from ingest_run r join received_file f on f.id = r.received_file_id"
                + where)
        .params(params)
        .query(Long.class)
        .single();
  }

  private static String where(String district, RunFilter f, List<Object> params) {
    StringBuilder sql = new StringBuilder(" where r.district = ?");
    params.add(district);
    if (f.status() != null) {
      sql.append(" and r.status = ?");
      params.add(f.status().name());
    }
    if (f.dataSet() != null) {
      sql.append(" and r.dataset = ?");
      params.add(f.dataSet());
    }
    if (f.receivedFrom() != null) {
      sql.append(" and f.received_at >= ?");
      params.add(utc(f.receivedFrom()));
    }
    if (f.receivedBefore() != null) {
      sql.append(" and f.received_at < ?");
      params.add(utc(f.receivedBefore()));
    }
    if (f.fileContains() != null && !f.fileContains().isBlank()) {
      sql.append(" and (r.entry_name ilike ? escape '\\' or f.file_name ilike ? escape '\\')");
      String like = containing(f.fileContains());
      params.add(like);
      params.add(like);
    }
    return sql.toString();
  }

  /**
   * What the portal shows of a run besides its summary: how it came in and, for a held run, what an
   * engineer decided.
   */
  public record RunFacts(
      String channel,
      String receivedName,
      long sizeBytes,
      String sha256,
      String decidedBy,
      String decisionReason,
      java.time.Instant decidedAt) {}

  public Optional<RunFacts> facts(long runId) {
    return jdbc.sql(
            "select f.channel, f.file_name, f.size_bytes, f.sha256, r.decided_by, r.decision_reason, r.decided_at"
                + " from ingest_run r join received_file f on f.id = r.received_file_id where r.id = ?")
        .param(runId)
        .query(
            (rs, n) ->
                new RunFacts(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
        .optional();
  }

  /**
   * Which issues of a run to show: each criterion null for any.
   *
   * @param text part of the column, value or message, any case
   */
  public record IssueFilter(Severity severity, IssueCode code, String text) {

    public static IssueFilter any() {
      return new IssueFilter(null, null, null);
    }
  }

  /** A page of a run's kept issues matching {@code filter}, in file order. */
  public List<Issue> issues(long runId, IssueFilter filter, int limit, long offset) {
    List<Object> params = new ArrayList<>();
    String where = issueWhere(runId, filter, params);
    params.add(limit);
    params.add(offset);
    return jdbc.sql(
            "select severity, code, line, column_name, value, message from run_issue"
                + where
                + " order by seq limit ? offset ?")
        .params(params)
        .query(RunStore::issueOf)
        .list();
  }

  public long countIssues(long runId, IssueFilter filter) {
    List<Object> params = new ArrayList<>();
    String where = issueWhere(runId, filter, params);
    return jdbc.sql("select count(*) from run_issue" + where)
        .params(params)
        .query(Long.class)
        .single();
  }

  private static String issueWhere(long runId, IssueFilter f, List<Object> params) {
    StringBuilder sql = new StringBuilder(" where run_id = ?");
    params.add(runId);
    if (f.severity() != null) {
      sql.append(" and severity = ?");
      params.add(f.severity().name());
    }
    if (f.code() != null) {
      sql.append(" and code = ?");
      params.add(f.code().name());
    }
    if (f.text() != null && !f.text().isBlank()) {
      sql.append(
          " and (column_name ilike ? escape '\\' or value ilike ? escape '\\' or message ilike ? escape '\\')");
      String like = containing(f.text());
      params.add(like);
      params.add(like);
      params.add(like);
    }
    return sql.toString();
  }

  /** An {@code ilike} pattern (backslash as escape) for text containing {@code s} as typed. */
  private static String containing(String s) {
    return "%" + s.strip().replaceAll("([\\\\%_])", "\\\\$1") + "%";
  }

  /** How many issues of each code a run had, all of them counted even where only some are kept. */
  public record IssueCount(IssueCode code, Severity severity, long count) {}

  public List<IssueCount> issueCounts(long runId) {
    return jdbc.sql(
            "select code, severity, count from run_issue_count where run_id = ? order by count desc, code")
        .param(runId)
        .query(
            (rs, n) ->
                new IssueCount(
                    IssueCode.valueOf(rs.getString(1)),
                    Severity.valueOf(rs.getString(2)),
                    rs.getLong(3)))
        .list();
  }

  private static Issue issueOf(ResultSet rs, int n) throws SQLException {
    return new Issue(
        Severity.valueOf(rs.getString(1)),
        IssueCode.valueOf(rs.getString(2)),
        rs.getLong(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6));
  }

  /** Records a held run would add, update or remove, as kept when it was held. */
  public List<RunExample> examples(long runId) {
    return jdbc.sql("select kind, columns, vals from run_example where run_id = ? order by seq")
        .param(runId)
        .query(
            (rs, n) ->
                new RunExample(
                    rs.getString(1),
                    List.of((String[]) rs.getArray(2).getArray()),
                    java.util.Arrays.asList((Object[]) rs.getArray(3).getArray()).stream()
                        .map(v -> v == null ? "" : v.toString())
                        .toList()))
        .list();
  }

  public List<Issue> issues(long runId, int limit) {
    return jdbc.sql(
            "select severity, code, line, column_name, value, message from run_issue where run_id = ? order by seq limit ?")
        .params(runId, limit)
        .query(
            (rs, n) ->
                new Issue(
                    Severity.valueOf(rs.getString(1)),
                    IssueCode.valueOf(rs.getString(2)),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6)))
        .list();
  }

  private static final String SUMMARY =
      "select r.id, r.district, r.entry_name, r.dataset, r.part, r.status, r.rows_read, r.added, r.updated, r.unchanged,"
          + " r.deactivated, r.errors, r.warnings, r.message, f.received_at,"
          + " coalesce((extract(epoch from r.finished_at - r.started_at) * 1000)::bigint, 0), f.purged_at"
          + " from ingest_run r"
          + " join received_file f on f.id = r.received_file_id";

  private RunSummary summaryOf(ResultSet rs, int maxIssues) throws SQLException {
    long id = rs.getLong(1);
    return new RunSummary(
        id,
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        RunStatus.valueOf(rs.getString(6)),
        rs.getLong(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getString(14),
        rs.getTimestamp(15).toInstant(),
        rs.getLong(16),
        rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant(),
        maxIssues > 0 ? issues(id, maxIssues) : List.of());
  }

  /** A received file old enough to purge. */
  record PurgeCandidate(
      long fileId,
      String district,
      String fileName,
      StoredFile stored,
      java.time.Instant receivedAt) {}

  /**
   * Files received before {@code cutoff} and not yet purged, after {@code afterId}, in id order. A
   * file with a run still waiting to be processed is left for later: it is still being received.
   */
  List<PurgeCandidate> purgeCandidates(java.time.Instant cutoff, long afterId, int limit) {
    return jdbc.sql(
            "select f.id, f.district, f.file_name, f.vault_key, f.sha256, f.size_bytes, f.received_at"
                + " from received_file f where f.purged_at is null and f.received_at < ? and f.id > ?"
                + " and not exists (select 1 from ingest_run r where r.received_file_id = f.id and r.status = 'RECEIVED')"
                + " order by f.id limit ?")
        .params(utc(cutoff), afterId, limit)
        .query(
            (rs, n) ->
                new PurgeCandidate(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    new StoredFile(rs.getString(4), rs.getString(5), rs.getLong(6)),
                    rs.getTimestamp(7).toInstant()))
        .list();
  }

  /**
   * Claims a file for purging in the caller's transaction: false when it is purged already or
   * another node holds it.
   */
  boolean claimForPurge(long fileId) {
    return jdbc.sql(
            "select id from received_file where id = ? and purged_at is null for update skip locked")
        .param(fileId)
        .query(Long.class)
        .optional()
        .isPresent();
  }

  void markPurged(long fileId, java.time.Instant at, String by, String reason) {
    jdbc.sql("update received_file set purged_at = ?, purged_by = ?, purge_reason = ? where id = ?")
        .params(utc(at), by, reason, fileId)
        .update();
  }

  private static OffsetDateTime utc(java.time.Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
