package org.pathways.hub.serve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A district's change feed: every record its loads added, updated and deactivated (or removed), in
 * the order the loads committed, then within a load in the order it wrote them. A load's changes
 * appear together, when its publish commits; a held file's when it is released; a discarded one's
 * never, since nothing is written until a file is applied (see {@code StagingSession.apply}).
 *
 * <p>An added or updated record is served with its values as they are live now, not as that load
 * wrote them: a record changed twice between two syncs shows its latest values in both changes. A
 * consumer that applies the changes in order still ends with exactly the live data. A record that a
 * later load removed (grades, GPA, IBC and requests are removed rather than deactivated) is left
 * out of its earlier changes: its removal follows in the feed.
 */
@Component
public class ChangeFeed {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  public ChangeFeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The kinds of change, as the feed names them. */
  public enum Kind {
    ADDED,
    UPDATED,
    DEACTIVATED;

    /** The name in the API and in {@code change_log.kind}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind of(String id) {
      return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /**
   * One change.
   *
   * @param dataSet the data set of the record
   * @param runId the run that made the change
   * @param kind added, updated or deactivated (removed, for the data sets that remove)
   * @param key the record's key fields
   * @param record the record as live now (with {@code live} for the data sets that deactivate), or
   *     null for a deactivated record
   */
  public record Item(
      DataSet dataSet,
      long runId,
      Kind kind,
      Map<String, Object> key,
      Map<String, Object> record) {}

  /**
   * A page of changes.
   *
   * @param items the changes, in feed order
   * @param next where the next call starts; the same position when there was nothing new
   */
  public record Page(List<Item> items, FeedCursor next) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** The position before the district's first change was pruned by retention. */
  public static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Expired(String message) {
      super(message, null, false, false);
    }
  }

  /** The position after the last change the district has now: {@code since=now}. */
  public FeedCursor now(String district) {
    long last =
        jdbc.sql("select coalesce(max(pub_seq), 0) from change_publication where district = ?")
            .param(district)
            .query(Long.class)
            .single();
    return new FeedCursor(district, last, FeedCursor.WHOLE);
  }

  /**
   * Up to {@code limit} changes after {@code after}.
   *
   * @param only one data set, or empty for all
   * @throws Expired when retention pruned changes the consumer has not read
   */
  public Page after(String district, Optional<DataSet> only, FeedCursor after, int limit) {
    requireKept(district, after);
    List<Object> params = new ArrayList<>();
    params.add(after.publication());
    params.add(after.seq());
    params.add(district);
    params.add(after.publication());
    String filter = "";
    if (only.isPresent()) {
      filter = " and p.dataset = ?";
      params.add(only.get().id());
    }
    // One more than asked tells whether the last one returned ends its publication.
    params.add(limit + 1);
    List<Row> rows =
        jdbc.sql(
                "select p.pub_seq, p.dataset, p.run_id, c.seq, c.kind, c.rec_key, c.record::text"
                    + " from change_publication p join change_log c on c.run_id = p.run_id"
                    // Written so that each publication's changes are one index range.
                    + " and c.seq > case when p.pub_seq = ? then ? else -1 end"
                    + " where p.district = ? and p.pub_seq >= ? and p.pruned_at is null"
                    + filter
                    + " order by p.pub_seq, c.seq limit ?")
            .params(params)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        Kind.of(rs.getString(5)),
                        rs.getObject(6, UUID.class),
                        rs.getString(7)))
            .list();
    if (rows.isEmpty()) {
      return new Page(List.of(), after);
    }
    List<Row> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    Row last = page.get(page.size() - 1);
    boolean whole = rows.size() <= limit || rows.get(limit).publication() != last.publication();
    FeedCursor next =
        new FeedCursor(district, last.publication(), whole ? FeedCursor.WHOLE : last.seq());
    return new Page(items(district, page), next);
  }

  private void requireKept(String district, FeedCursor after) {
    Long pruned =
        jdbc.sql(
                "select max(pub_seq) from change_publication where district = ?"
                    + " and pruned_at is not null")
            .param(district)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (pruned == null) {
      return;
    }
    boolean missed =
        after.publication() < pruned
            || (after.publication() == pruned && after.seq() != FeedCursor.WHOLE);
    if (missed) {
      throw new Expired(
          "Changes of district "
              + district
              + " after this cursor were deleted by retention, so the feed can no longer say what"
              + " changed since. Resync: take a cursor with since=now, read the full lists"
              + " (students, teachers, users, courses, and each student's records), then follow"
              + " the feed from that cursor");
    }
  }

  /** The changes with their records, read from the live tables one data set at a time. */
  private List<Item> items(String district, List<Row> rows) {
    Map<DataSet, List<UUID>> wanted = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.kind() != Kind.DEACTIVATED) {
        wanted.computeIfAbsent(dataSet(r), k -> new ArrayList<>()).add(r.recKey());
      }
    }
    Map<DataSet, Map<UUID, Map<String, Object>>> live = new HashMap<>();
    wanted.forEach((ds, keys) -> live.put(ds, live(district, ds, keys)));
    List<Item> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      DataSet ds = dataSet(r);
      if (r.kind() == Kind.DEACTIVATED) {
        out.add(
            new Item(
                ds, r.runId(), r.kind(), key(ds, JSON.readValue(r.keyJson(), Map.class)), null));
        continue;
      }
      Map<String, Object> record = live.get(ds).get(r.recKey());
      if (record != null) {
        out.add(new Item(ds, r.runId(), r.kind(), key(ds, record), record));
      }
    }
    return out;
  }

  private Map<UUID, Map<String, Object>> live(String district, DataSet ds, List<UUID> keys) {
    Map<UUID, Map<String, Object>> out = new HashMap<>();
    jdbc.sql(
            "select rec_key, "
                + LiveRecords.columns(ds, "")
                + (ds.deactivates() ? ", live" : "")
                + " from "
                + ds.id()
                + " where district = ? and rec_key = any(?)")
        .params(district, keys.toArray(UUID[]::new))
        .query(
            rs -> {
              out.put(rs.getObject(1, UUID.class), LiveRecords.record(rs, ds, 1, ds.deactivates()));
            });
    return out;
  }

  private static Map<String, Object> key(DataSet ds, Map<?, ?> values) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (Field f : ds.keyFields()) {
      key.put(f.name(), values.get(f.name()));
    }
    return key;
  }

  private static DataSet dataSet(Row r) {
    return DataSet.byId(r.dataSet())
        .orElseThrow(() -> new IllegalStateException("Unknown data set " + r.dataSet()));
  }

  /** A change as the feed's tables hold it. */
  private record Row(
      long publication,
      String dataSet,
      long runId,
      long seq,
      Kind kind,
      UUID recKey,
      String keyJson) {}

  /**
   * When the changes of runs published before {@code cutoff} were pruned, marking their
   * publications so that a cursor from before them is told so.
   *
   * @return the changes deleted
   */
  public long prune(Instant cutoff, Instant now) {
    List<Long> runs =
        jdbc.sql(
                "update change_publication set pruned_at = ? where published_at < ?"
                    + " and pruned_at is null returning run_id")
            .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(cutoff))
            .query(Long.class)
            .list();
    if (runs.isEmpty()) {
      return 0;
    }
    return jdbc.sql("delete from change_log where run_id = any(?)")
        .param(runs.toArray(Long[]::new))
        .update();
  }
}
