package org.pathways.hub.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Judges districts' nights against their plans: for any moment on request, and at each deadline for
 * the record, from which alerts are made. A district is watched from the night of its first
 * received file: one still being set up is not reported missing every night.
 */
@Service
public class NightlyEvaluation {

  /** How many nights back a hub that was down catches up on. */
  static final int CATCH_UP_NIGHTS = 7;

  private static final Logger log = LoggerFactory.getLogger(NightlyEvaluation.class);

  private final JdbcClient jdbc;
  private final DistrictRepository districts;
  private final Expectations expectations;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public NightlyEvaluation(
      JdbcClient jdbc,
      DistrictRepository districts,
      Expectations expectations,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.districts = districts;
    this.expectations = expectations;
    this.events = events;
    this.clock = clock;
  }

  /** How a night went as far as the hub knew at {@code at}; nothing is recorded. */
  public DistrictNight judge(District d, LocalDate night, Instant at) {
    return judge(d, expectations.plan(d), night, at);
  }

  /** The latest night whose deadline had passed at {@code at}. */
  public DistrictNight latest(District d, Instant at) {
    NightPlan plan = expectations.plan(d);
    return judge(d, plan, Nights.lastNight(at, plan.deadline()), at);
  }

  /** The latest night of each district now, keyed by code, in the order given. */
  public Map<String, DistrictNight> latest(List<District> all) {
    Instant now = clock.instant();
    Map<String, DistrictNight> out = new LinkedHashMap<>();
    for (District d : all) {
      out.put(d.code(), latest(d, now));
    }
    return out;
  }

  private DistrictNight judge(District d, NightPlan plan, LocalDate night, Instant at) {
    List<Nights.Received> runs =
        runs(d.code(), Nights.lateUntil(plan.windowStart(night)), Nights.lateUntil(night));
    return new DistrictNight(
        d.code(),
        night,
        Nights.deadline(night, plan.deadline()),
        Nights.judge(night, plan, runs, at));
  }

  /**
   * The district's runs of files received strictly between {@code from} and {@code to}, as {@link
   * Nights#judge} needs them: a file not opened yet is kept with a null data set, since it may be
   * any data set's.
   */
  List<Nights.Received> runs(String district, Instant from, Instant to) {
    return jdbc
        .sql(
            "select r.id, r.dataset, r.status, f.received_at, r.message, r.part from ingest_run r"
                + " join received_file f on f.id = r.received_file_id"
                + " where r.district = ? and f.received_at > ? and f.received_at < ?"
                + " and (r.dataset is not null or r.status = 'RECEIVED')")
        .params(district, Timestamp.from(from), Timestamp.from(to))
        .query(
            (rs, n) -> {
              long id = rs.getLong(1);
              String status = rs.getString(3);
              Instant received = rs.getTimestamp(4).toInstant();
              String message = rs.getString(5);
              String dataSet = rs.getString(2);
              String part = rs.getString(6);
              if (dataSet == null) {
                return new Nights.Received(id, null, null, status, received, message);
              }
              return DataSet.byId(dataSet)
                  .map(ds -> new Nights.Received(id, ds, part, status, received, message))
                  .orElse(null);
            })
        .list()
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * Records every night whose deadline has passed and that is not recorded yet, then looks again at
   * recent nights recorded as missing or still processing. Called by the scheduler every minute;
   * safe to call on several nodes at once.
   *
   * @return the nights this call recorded
   */
  public List<DistrictNight> evaluateDue() {
    Instant now = clock.instant();
    // A deadline falls before noon, so the latest night due is yesterday's or the one before.
    LocalDate yesterday = now.atZone(Nights.CENTRAL).toLocalDate().minusDays(1);
    LocalDate oldest = yesterday.minusDays(CATCH_UP_NIGHTS);
    Map<String, Watch> watches = watches(oldest, yesterday.minusDays(2));
    List<DistrictNight> recorded = new ArrayList<>();
    for (District d : districts.list()) {
      Watch w = watches.get(d.code());
      // Reading a plan takes several queries: skip, for the cost of the one query above, the
      // districts whose nights are all recorded with nothing left to look at again.
      if (w == null || !w.mayHaveWork(yesterday)) {
        continue;
      }
      NightPlan plan = expectations.plan(d);
      LocalDate last = Nights.lastNight(now, plan.deadline());
      LocalDate from = last.minusDays(CATCH_UP_NIGHTS - 1L);
      if (from.isBefore(w.first())) {
        from = w.first();
      }
      for (LocalDate night = from; !night.isAfter(last); night = night.plusDays(1)) {
        if (!w.evaluated().contains(night) && claim(d.code(), night, now)) {
          DistrictNight result = judge(d, plan, night, now);
          save(result, now);
          recorded.add(result);
          events.publishEvent(new NightEvaluated(result));
        }
      }
      recheck(d, plan, now);
    }
    if (!recorded.isEmpty()) {
      log.info("Recorded {} district nights", recorded.size());
    }
    return recorded;
  }

  /**
   * A watched district as {@link #evaluateDue} first sees it.
   *
   * @param first the night of its first received file
   * @param evaluated its recorded nights from the oldest a catch-up may reach
   * @param open whether a recent night has a data set missing or being processed, to look at again
   */
  private record Watch(LocalDate first, Set<LocalDate> evaluated, boolean open) {

    /** Whether a night up to {@code latest} is not recorded yet, or a night is to be rechecked. */
    boolean mayHaveWork(LocalDate latest) {
      // One night more than a catch-up reaches from the latest, for when it is not due yet.
      LocalDate from = latest.minusDays(CATCH_UP_NIGHTS);
      for (LocalDate night = from.isBefore(first) ? first : from;
          !night.isAfter(latest);
          night = night.plusDays(1)) {
        if (!evaluated.contains(night)) {
          return true;
        }
      }
      return open;
    }
  }

  /** Every district that has sent a file, by code, in one query. */
  private Map<String, Watch> watches(LocalDate evaluatedSince, LocalDate openSince) {
    Map<String, Watch> out = new HashMap<>();
    jdbc.sql(
            "select f.district, min(f.received_at),"
                + " array(select e.night from night_evaluated e where e.district = f.district"
                + " and e.night >= ?),"
                + " exists(select 1 from night_status s where s.district = f.district"
                + " and s.night >= ? and s.state in ('MISSING', 'PROCESSING'))"
                + " from received_file f group by f.district")
        .params(evaluatedSince, openSince)
        .query(
            rs -> {
              Set<LocalDate> evaluated = new HashSet<>();
              for (Object night : (Object[]) rs.getArray(3).getArray()) {
                evaluated.add(((java.sql.Date) night).toLocalDate());
              }
              out.put(
                  rs.getString(1),
                  new Watch(
                      Nights.nightOf(rs.getTimestamp(2).toInstant()), evaluated, rs.getBoolean(4)));
            });
    return out;
  }

  /** The night of a district's first received file, or null while it has sent nothing. */
  LocalDate firstWatchedNight(String district) {
    return jdbc.sql("select min(received_at) from received_file where district = ?")
        .param(district)
        .query(Timestamp.class)
        .optional()
        .map(first -> Nights.nightOf(first.toInstant()))
        .orElse(null);
  }

  private boolean claim(String district, LocalDate night, Instant now) {
    return jdbc.sql(
                "insert into night_evaluated (district, night, evaluated_at) values (?, ?, ?)"
                    + " on conflict do nothing")
            .params(district, night, Timestamp.from(now))
            .update()
        == 1;
  }

  private void save(DistrictNight n, Instant now) {
    for (DataSetNight s : n.sets()) {
      jdbc.sql(
              "insert into night_status (district, night, dataset, state, run_id, received_at, reason, evaluated_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
          .params(
              n.district(),
              n.night(),
              s.feed().id(),
              s.state().name(),
              s.runId(),
              s.receivedAt() == null ? null : Timestamp.from(s.receivedAt()),
              s.reason(),
              Timestamp.from(now))
          .update();
    }
  }

  /**
   * Looks again at the last two recorded nights' data sets that were missing or being processed,
   * and records what became of them: a late file, or the outcome of one processed at the deadline.
   */
  private void recheck(District d, NightPlan plan, Instant now) {
    LocalDate since = Nights.lastNight(now, plan.deadline()).minusDays(1);
    record Open(LocalDate night, String feed, NightState state) {}
    List<Open> open =
        jdbc.sql(
                "select night, dataset, state from night_status where district = ? and night >= ?"
                    + " and state in ('MISSING', 'PROCESSING')")
            .params(d.code(), since)
            .query(
                (rs, n) ->
                    new Open(
                        rs.getObject(1, LocalDate.class),
                        rs.getString(2),
                        NightState.valueOf(rs.getString(3))))
            .list();
    for (Open o : open) {
      DataSetNight now2 =
          judge(d, plan, o.night(), now).sets().stream()
              .filter(s -> s.feed().id().equals(o.feed()))
              .findFirst()
              .orElse(null);
      if (now2 == null || now2.state() == o.state()) {
        continue;
      }
      // The state in the where clause makes the change happen once, whichever node sees it first.
      int changed =
          jdbc.sql(
                  "update night_status set state = ?, run_id = ?, received_at = ?, reason = ?, evaluated_at = ?"
                      + " where district = ? and night = ? and dataset = ? and state = ?")
              .params(
                  now2.state().name(),
                  now2.runId(),
                  now2.receivedAt() == null ? null : Timestamp.from(now2.receivedAt()),
                  now2.reason(),
                  Timestamp.from(now),
                  d.code(),
                  o.night(),
                  o.feed(),
                  o.state().name())
              .update();
      if (changed == 1) {
        events.publishEvent(new NightStatusChanged(d.code(), o.night(), o.state(), now2));
      }
    }
  }

  /** What was recorded of a district's nights in a range, oldest first. */
  public List<DistrictNight> recorded(String district, LocalDate from, LocalDate to) {
    Map<LocalDate, List<DataSetNight>> byNight = new LinkedHashMap<>();
    jdbc.sql(
            "select night, dataset, state, run_id, received_at, reason from night_status"
                + " where district = ? and night between ? and ? order by night, dataset")
        .params(district, from, to)
        .query(
            (rs, n) -> {
              LocalDate night = rs.getObject(1, LocalDate.class);
              Optional<Feed> ds = Feed.byId(rs.getString(2));
              NightState state = NightState.valueOf(rs.getString(3));
              Long run = (Long) rs.getObject(4);
              Timestamp at = rs.getTimestamp(5);
              String reason = rs.getString(6);
              ds.ifPresent(
                  set ->
                      byNight
                          .computeIfAbsent(night, k -> new ArrayList<>())
                          .add(
                              new DataSetNight(
                                  set, state, run, at == null ? null : at.toInstant(), reason)));
              return night;
            })
        .list();
    List<DistrictNight> out = new ArrayList<>();
    District d = districts.find(district).orElseThrow();
    NightPlan plan = expectations.plan(d);
    byNight.forEach(
        (night, sets) -> {
          sets.sort(Comparator.comparing(DataSetNight::feed));
          out.add(
              new DistrictNight(district, night, Nights.deadline(night, plan.deadline()), sets));
        });
    return out;
  }
}
