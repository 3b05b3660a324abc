package org.pathways.hub.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A district's nightly history: a calendar of its last nights and the rows its loaded files held,
 * for the portal and the read API alike.
 */
@Service
public class History {

  /** The nights the portal shows: about a school quarter. */
  public static final int NIGHTS = 90;

  /** The most nights one request may ask for, so a query stays small. */
  public static final int MAX_NIGHTS = 400;

  private final JdbcClient jdbc;
  private final Expectations expectations;
  private final NightlyEvaluation evaluation;
  private final Clock clock;

  public History(
      JdbcClient jdbc, Expectations expectations, NightlyEvaluation evaluation, Clock clock) {
    this.jdbc = jdbc;
    this.expectations = expectations;
    this.evaluation = evaluation;
    this.clock = clock;
  }

  /** The last {@code nights} nights whose deadline has passed, as of now. */
  public NightCalendar calendar(District d, int nights) {
    return calendar(d, nights, clock.instant());
  }

  /**
   * The last {@code nights} nights whose deadline had passed at {@code at}: the recorded state
   * where the night was recorded, else the state judged at {@code at}.
   */
  public NightCalendar calendar(District d, int nights, Instant at) {
    int count = checkNights(nights);
    NightPlan plan = expectations.plan(d);
    LocalDate last = Nights.lastNight(at, plan.deadline());
    LocalDate first = last.minusDays(count - 1L);
    Map<LocalDate, DistrictNight> recorded = new LinkedHashMap<>();
    for (DistrictNight n : evaluation.recorded(d.code(), first, last)) {
      recorded.put(n.night(), n);
    }
    LocalDate watchedFrom = evaluation.firstWatchedNight(d.code());
    // One query for the whole stretch rather than NightlyEvaluation.judge per night: on a hub that
    // was down, or that started watching recently, most nights may be unrecorded.
    List<Nights.Received> runs =
        watchedFrom == null
            ? List.of()
            : evaluation.runs(
                d.code(), Nights.lateUntil(plan.windowStart(first)), Nights.lateUntil(last));
    List<DistrictNight> judged = new ArrayList<>();
    Set<LocalDate> live = new HashSet<>();
    for (LocalDate night = first; !night.isAfter(last); night = night.plusDays(1)) {
      DistrictNight n = recorded.get(night);
      if (n == null && watchedFrom != null && !night.isBefore(watchedFrom)) {
        n =
            new DistrictNight(
                d.code(),
                night,
                Nights.deadline(night, plan.deadline()),
                Nights.judge(night, plan, runs, at));
        live.add(night);
      }
      if (n != null) {
        judged.add(n);
      }
    }
    Set<Feed> shown = new TreeSet<>(plan.nights().keySet());
    judged.forEach(n -> n.sets().forEach(s -> shown.add(s.feed())));
    List<NightCalendar.Row> rows = new ArrayList<>();
    for (Feed ds : shown) {
      List<NightCalendar.Cell> cells = new ArrayList<>();
      for (LocalDate night = first; !night.isAfter(last); night = night.plusDays(1)) {
        cells.add(
            cell(ds, night, judgedOn(judged, night), live.contains(night), plan, watchedFrom));
      }
      rows.add(new NightCalendar.Row(ds, cells));
    }
    return new NightCalendar(d.code(), first, last, watchedFrom, judged, rows);
  }

  /** The rows of the district's loaded files over the last {@code nights} nights, as of now. */
  public RowCounts rowCounts(District d, int nights) {
    return rowCounts(d, nights, clock.instant());
  }

  /**
   * The rows of the district's loaded (or released) files per night and data set, over the last
   * {@code nights} nights whose deadline had passed at {@code at}; a file the same as the last
   * loaded one counts with that file's rows, all unchanged. A file belongs to the night before when
   * it comes before noon, as the nightly evaluation counts it; the last file of each part that
   * night counts, so a file sent twice is not counted twice.
   */
  public RowCounts rowCounts(District d, int nights, Instant at) {
    int count = checkNights(nights);
    LocalDate last = Nights.lastNight(at, expectations.plan(d).deadline());
    LocalDate first = last.minusDays(count - 1L);
    List<RowCounts.Count> counts =
        jdbc
            .sql(
                "select night, dataset, count(*), sum(rows_read), sum(added), sum(updated),"
                    + " sum(unchanged), sum(deactivated) from ("
                    + " select distinct on (night, r.dataset, coalesce(r.part, ''))"
                    // Wall-clock arithmetic on the Central clock: before noon is the night before,
                    // on the days the clock changes too.
                    + " ((f.received_at at time zone 'America/Chicago') - interval '12 hours')::date"
                    + " as night, r.dataset,"
                    // A file the same as the last loaded one held that file's rows again.
                    + " coalesce(o.rows_read, r.rows_read) as rows_read,"
                    + " case when o.id is null then r.added else 0 end as added,"
                    + " case when o.id is null then r.updated else 0 end as updated,"
                    + " coalesce(o.rows_read, r.unchanged) as unchanged,"
                    + " case when o.id is null then r.deactivated else 0 end as deactivated"
                    + " from ingest_run r join received_file f on f.id = r.received_file_id"
                    + " left join ingest_run o on r.status = 'DUPLICATE' and o.id = r.duplicate_of"
                    + " where r.district = ? and r.dataset is not null"
                    + " and (r.status in ('LOADED', 'RELEASED')"
                    + " or o.status in ('LOADED', 'RELEASED'))"
                    + " and f.received_at >= ? and f.received_at < ? and f.received_at <= ?"
                    + " order by night, r.dataset, coalesce(r.part, ''), f.received_at desc,"
                    + " r.id desc) last_of_part"
                    + " group by night, dataset order by night, dataset")
            .params(
                d.code(),
                Timestamp.from(Nights.lateUntil(first.minusDays(1))),
                Timestamp.from(Nights.lateUntil(last)),
                Timestamp.from(at))
            .query(
                (rs, n) -> {
                  Optional<DataSet> ds = DataSet.byId(rs.getString(2));
                  if (ds.isEmpty()) {
                    return null;
                  }
                  return new RowCounts.Count(
                      rs.getObject(1, LocalDate.class),
                      ds.get(),
                      rs.getInt(3),
                      rs.getLong(4),
                      rs.getLong(5),
                      rs.getLong(6),
                      rs.getLong(7),
                      rs.getLong(8));
                })
            .list()
            .stream()
            .filter(Objects::nonNull)
            .toList();
    Set<DataSet> sets = EnumSet.noneOf(DataSet.class);
    counts.forEach(c -> sets.add(c.dataSet()));
    return new RowCounts(d.code(), first, last, inLoadOrder(sets), counts);
  }

  private static int checkNights(int nights) {
    if (nights < 1 || nights > MAX_NIGHTS) {
      throw new IllegalArgumentException(
          "Ask for 1 to " + MAX_NIGHTS + " nights of history, not " + nights);
    }
    return nights;
  }

  private static List<DataSet> inLoadOrder(Set<DataSet> sets) {
    List<DataSet> out = new ArrayList<>(sets);
    out.sort(Comparator.comparingInt(DataSet::loadOrder).thenComparing(Enum::ordinal));
    return out;
  }

  private static DistrictNight judgedOn(List<DistrictNight> judged, LocalDate night) {
    for (DistrictNight n : judged) {
      if (n.night().equals(night)) {
        return n;
      }
    }
    return null;
  }

  private static NightCalendar.Cell cell(
      Feed ds,
      LocalDate night,
      DistrictNight n,
      boolean live,
      NightPlan plan,
      LocalDate watchedFrom) {
    if (n == null) {
      String reason =
          watchedFrom == null
              ? "Not watched yet: the district has sent no file"
              : "Not watched yet: the district's first file came on the night of " + watchedFrom;
      return new NightCalendar.Cell(night, null, null, reason, false);
    }
    for (DataSetNight s : n.sets()) {
      if (s.feed().equals(ds)) {
        return new NightCalendar.Cell(night, s.state(), s.runId(), s.reason(), live);
      }
    }
    String reason;
    if (!live && plan.dueOn(night).contains(ds) && plan.pauseOn(night).isEmpty()) {
      // Expected now, but not when the night was recorded: the expectations changed since.
      reason = "Nothing recorded: it was not expected when the night was recorded";
    } else if (!plan.nights().containsKey(ds)) {
      reason = "Not expected: the district sends no " + ds.label() + " file now";
    } else if (plan.semesterly()) {
      reason = "Not due: the district sends its files once a semester";
    } else {
      reason =
          "Not expected on "
              + night.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US)
              + " nights";
    }
    return new NightCalendar.Cell(night, null, null, reason, live);
  }
}
