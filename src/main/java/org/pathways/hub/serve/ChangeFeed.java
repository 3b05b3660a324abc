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
 * the order the loads committed, then within a load in the order it wrote them (a district's first
 * load of a data set, whose additions are read from the live table, in the order of their keys). A
 * load's changes appear together, when its publish commits; a held file's when it is released; a
 * discarded one's never, since nothing is written until a file is applied (see {@code
 * StagingSession.apply}).
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
    List<Item> items = new ArrayList<>();
    FeedCursor at = after;
    int left = limit;
    // The change log is read up to the next publication read from the live table, then that one,
    // then the log again, until the page is full or nothing is left.
    while (left > 0) {
      Optional<Publication> fromLive = nextFromLive(district, only, at);
      boolean within = fromLive.isPresent() && fromLive.get().seq() == at.publication();
      Segment read =
          within
              ? fromLive(district, fromLive.get(), at, left)
              : logged(district, only, at, fromLive.map(Publication::seq), left);
      items.addAll(read.items());
      left -= read.rows();
      at = read.next();
      if (read.more()) {
        break;
      }
      if (!within) {
        if (fromLive.isEmpty()) {
          break;
        }
        // Nothing of the log is left before it: the next round starts on its first record.
        at = new FeedCursor(district, fromLive.get().seq(), 0);
      }
    }
    return new Page(items, at);
  }

  /** What one read of the feed gave: its changes, the rows it took, where it ended. */
  private record Segment(List<Item> items, int rows, FeedCursor next, boolean more) {}

  /** A publication of the feed. */
  private record Publication(long seq, DataSet dataSet, long runId) {}

  /** The first publication at or after {@code at} whose changes are read from the live table. */
  private Optional<Publication> nextFromLive(
      String district, Optional<DataSet> only, FeedCursor at) {
    long from = at.seq() == FeedCursor.WHOLE ? at.publication() + 1 : at.publication();
    List<Object> params = new ArrayList<>(List.of(district, from));
    only.ifPresent(ds -> params.add(ds.id()));
    return jdbc.sql(
            "select pub_seq, dataset, run_id from change_publication where district = ?"
                + " and pub_seq >= ? and from_live and changes > 0 and pruned_at is null"
                + (only.isPresent() ? " and dataset = ?" : "")
                + " order by pub_seq limit 1")
        .params(params)
        .query((rs, n) -> new Publication(rs.getLong(1), dataSet(rs.getString(2)), rs.getLong(3)))
        .optional();
  }

  /**
   * The additions of a first load, read from the live table in key order after {@code at}: the
   * records whose first run is that load, as they are now (V22).
   */
  private Segment fromLive(String district, Publication p, FeedCursor at, int left) {
    DataSet ds = p.dataSet();
    List<Object> params = new ArrayList<>(List.of(district, p.runId()));
    if (at.key() != null) {
      params.add(at.key());
    }
    // One more than asked tells whether the publication goes on.
    params.add(left + 1);
    List<Map.Entry<UUID, Map<String, Object>>> rows =
        jdbc.sql(
                selectLive(ds)
                    + " where district = ? and first_run = ?"
                    + (at.key() != null ? " and rec_key > ?" : "")
                    + " order by rec_key limit ?")
            .params(params)
            .query(
                (rs, n) ->
                    Map.entry(
                        rs.getObject(1, UUID.class),
                        LiveRecords.record(rs, ds, 1, ds.deactivates())))
            .list();
    boolean more = rows.size() > left;
    List<Map.Entry<UUID, Map<String, Object>>> page = more ? rows.subList(0, left) : rows;
    List<Item> items = new ArrayList<>(page.size());
    for (Map.Entry<UUID, Map<String, Object>> r : page) {
      items.add(new Item(ds, p.runId(), Kind.ADDED, key(ds, r.getValue()), r.getValue()));
    }
    FeedCursor next =
        more
            ? new FeedCursor(district, p.seq(), 0, page.get(page.size() - 1).getKey())
            : new FeedCursor(district, p.seq(), FeedCursor.WHOLE);
    return new Segment(items, items.size(), next, more);
  }

  /**
   * The changes of the change log after {@code at}, up to the publication {@code before} (one read
   * from the live table) when there is one.
   */
  private Segment logged(
      String district, Optional<DataSet> only, FeedCursor at, Optional<Long> before, int left) {
    List<Object> params = new ArrayList<>();
    params.add(at.publication());
    params.add(at.seq());
    params.add(district);
    params.add(at.publication());
    String filter = "";
    if (only.isPresent()) {
      filter = " and p.dataset = ?";
      params.add(only.get().id());
    }
    if (before.isPresent()) {
      filter += " and p.pub_seq < ?";
      params.add(before.get());
    }
    // One more than asked tells whether the last one returned ends its publication.
    params.add(left + 1);
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
      return new Segment(List.of(), 0, at, false);
    }
    boolean more = rows.size() > left;
    List<Row> page = more ? rows.subList(0, left) : rows;
    Row last = page.get(page.size() - 1);
    boolean whole = !more || rows.get(left).publication() != last.publication();
    FeedCursor next =
        new FeedCursor(district, last.publication(), whole ? FeedCursor.WHOLE : last.seq());
    return new Segment(items(district, page), page.size(), next, more);
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
    jdbc.sql(selectLive(ds) + " where district = ? and rec_key = any(?)")
        .params(district, keys.toArray(UUID[]::new))
        .query(
            rs -> {
              out.put(rs.getObject(1, UUID.class), LiveRecords.record(rs, ds, 1, ds.deactivates()));
            });
    return out;
  }

  /** The select of live records as {@link LiveRecords#record} reads them after their key. */
  private static String selectLive(DataSet ds) {
    return "select rec_key, "
        + LiveRecords.columns(ds, "")
        + (ds.deactivates() ? ", live" : "")
        + " from "
        + ds.id();
  }

  private static Map<String, Object> key(DataSet ds, Map<?, ?> values) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (Field f : ds.keyFields()) {
      key.put(f.name(), values.get(f.name()));
    }
    return key;
  }

  private static DataSet dataSet(Row r) {
    return dataSet(r.dataSet());
  }

  private static DataSet dataSet(String id) {
    return DataSet.byId(id).orElseThrow(() -> new IllegalStateException("Unknown data set " + id));
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
   * publications so that a cursor from before them is told so. A first load's additions, read from
   * the live table, have no rows of their own to delete; they are no longer served all the same.
   *
   * @return the changes no longer served
   */
  public long prune(Instant cutoff, Instant now) {
    List<long[]> runs =
        jdbc.sql(
                "update change_publication set pruned_at = ? where published_at < ?"
                    + " and pruned_at is null returning run_id, changes")
            .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(cutoff))
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    if (runs.isEmpty()) {
      return 0;
    }
    jdbc.sql("delete from change_log where run_id = any(?)")
        .param(runs.stream().map(r -> r[0]).toArray(Long[]::new))
        .update();
    return runs.stream().mapToLong(r -> r[1]).sum();
  }
}
