package org.pathways.hub.onboarding;

import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathways.hub.district.DataSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The onboarding tables, and what onboarding reads of the received files and credentials. */
@Repository
class OnboardingStore {

  /** A run of one of these statuses means its data set was sent (REJECTED means it was not). */
  private static final String SENT = "('LOADED', 'RELEASED', 'HELD', 'DUPLICATE')";

  private final JdbcClient jdbc;

  OnboardingStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The stored settings; null fields stand for the SIS's defaults. */
  record Stored(
      TransferMethod method,
      LocalTime deadline,
      LocalDate kickoff,
      LocalDate training,
      int onTimeNights) {
    static final Stored NONE =
        new Stored(null, null, null, null, Integration.DEFAULT_ON_TIME_NIGHTS);
  }

  Stored find(String district) {
    return jdbc.sql(
            "select transfer_method, deadline, kickoff_date, training_date, on_time_nights"
                + " from district_integration where district = ?")
        .param(district)
        .query(
            (rs, i) -> {
              String method = rs.getString(1);
              Time deadline = rs.getTime(2);
              Date kickoff = rs.getDate(3);
              Date training = rs.getDate(4);
              return new Stored(
                  method == null ? null : TransferMethod.valueOf(method),
                  deadline == null ? null : deadline.toLocalTime(),
                  kickoff == null ? null : kickoff.toLocalDate(),
                  training == null ? null : training.toLocalDate(),
                  rs.getInt(5));
            })
        .optional()
        .orElse(Stored.NONE);
  }

  void saveSettings(
      String district,
      TransferMethod method,
      LocalTime deadline,
      int onTimeNights,
      String by,
      Instant at) {
    jdbc.sql(
            "insert into district_integration (district, transfer_method, deadline, on_time_nights,"
                + " updated_at, updated_by) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (district) do update set transfer_method = excluded.transfer_method,"
                + " deadline = excluded.deadline, on_time_nights = excluded.on_time_nights,"
                + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
        .params(
            district,
            method.name(),
            deadline == null ? null : Time.valueOf(deadline),
            onTimeNights,
            Timestamp.from(at),
            by)
        .update();
  }

  void saveDates(String district, LocalDate kickoff, LocalDate training, String by, Instant at) {
    jdbc.sql(
            "insert into district_integration (district, kickoff_date, training_date, updated_at,"
                + " updated_by) values (?, ?, ?, ?, ?)"
                + " on conflict (district) do update set kickoff_date = excluded.kickoff_date,"
                + " training_date = excluded.training_date, updated_at = excluded.updated_at,"
                + " updated_by = excluded.updated_by")
        .params(
            district,
            kickoff == null ? null : Date.valueOf(kickoff),
            training == null ? null : Date.valueOf(training),
            Timestamp.from(at),
            by)
        .update();
  }

  Map<Step, Mark> marks(String district) {
    Map<Step, Mark> out = new EnumMap<>(Step.class);
    jdbc.sql("select step, marked_at, marked_by, note from onboarding_mark where district = ?")
        .param(district)
        .query(
            (rs, i) ->
                new Mark(
                    Step.valueOf(rs.getString(1)),
                    rs.getTimestamp(2).toInstant(),
                    rs.getString(3),
                    rs.getString(4)))
        .list()
        .forEach(m -> out.put(m.step(), m));
    return out;
  }

  void mark(String district, Mark mark) {
    jdbc.sql(
            "insert into onboarding_mark (district, step, marked_at, marked_by, note)"
                + " values (?, ?, ?, ?, ?) on conflict (district, step) do update set"
                + " marked_at = excluded.marked_at, marked_by = excluded.marked_by,"
                + " note = excluded.note")
        .params(district, mark.step().name(), Timestamp.from(mark.at()), mark.by(), mark.note())
        .update();
  }

  boolean unmark(String district, Step step) {
    return jdbc.sql("delete from onboarding_mark where district = ? and step = ?")
            .params(district, step.name())
            .update()
        > 0;
  }

  /** What the hub has seen of the district; deliveries from {@code since} on. */
  Facts facts(String district, Instant since) {
    Instant login =
        jdbc.sql(
                "select last_login_at from sftp_account where district = ?"
                    + " and last_login_at is not null order by last_login_at limit 1")
            .param(district)
            .query((rs, i) -> instant(rs.getTimestamp(1)))
            .optional()
            .orElse(null);
    Instant apiUse =
        jdbc.sql(
                "select last_used_at from api_key where district = ?"
                    + " and last_used_at is not null order by last_used_at limit 1")
            .param(district)
            .query((rs, i) -> instant(rs.getTimestamp(1)))
            .optional()
            .orElse(null);
    Map<DataSet, Instant> first = new EnumMap<>(DataSet.class);
    jdbc.sql(
            "select r.dataset, min(f.received_at) from ingest_run r"
                + " join received_file f on f.id = r.received_file_id"
                + " where r.district = ? and r.dataset is not null"
                + " and r.status in ('LOADED', 'RELEASED') group by r.dataset")
        .param(district)
        .query((rs, i) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list()
        .forEach(e -> DataSet.byId(e.getKey()).ifPresent(d -> first.put(d, e.getValue())));
    List<Facts.Arrival> arrivals =
        jdbc
            .sql(
                "select r.dataset, f.received_at from ingest_run r"
                    + " join received_file f on f.id = r.received_file_id"
                    + " where r.district = ? and r.dataset is not null and r.status in "
                    + SENT
                    + " and f.received_at >= ? order by f.received_at")
            .params(district, Timestamp.from(since))
            .query(
                (rs, i) -> {
                  Instant at = rs.getTimestamp(2).toInstant();
                  return DataSet.byId(rs.getString(1)).map(d -> new Facts.Arrival(d, at));
                })
            .list()
            .stream()
            .flatMap(Optional::stream)
            .toList();
    return new Facts(login, apiUse, first, arrivals);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
