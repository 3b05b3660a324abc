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

  /**
   * Each sign that a district's connection works, with when it was first seen. A file received by
   * SFTP came through a sign-in, whichever account made it. A district on the API either pushes
   * files with one of its keys or has the hub pull them from its SIS (PowerSchool, OneRoster): a
   * passing connection test or pull shows the connection works as well as a key's use does. Each
   * sign is the first of its kind (V26): a later sign-in does not move the step, and a later
   * failing test does not undo it. A connection that broke since shows on the nightly monitor as
   * files missing.
   */
  private static final String CONNECTION_SIGNS =
      "select * from ("
          + " select 'sftp-login' sign, min(first_login_at) at from sftp_account where district = :district"
          + " union all select 'sftp-file', min(received_at) from received_file"
          + " where district = :district and channel = 'sftp'"
          + " union all select 'api-key', min(first_used_at) from api_key where district = :district"
          + " union all select 'api-file', min(received_at) from received_file"
          + " where district = :district and channel in ('api', 'oneroster')"
          + " union all select 'powerschool-test', first_test_ok_at"
          + " from powerschool_connection where district = :district"
          + " union all select 'powerschool-pull', first_pull_ok_at"
          + " from powerschool_connection where district = :district"
          + " union all select 'oneroster-test', first_test_ok_at"
          + " from oneroster_connection where district = :district"
          + " union all select 'oneroster-pull', first_pull_ok_at"
          + " from oneroster_connection where district = :district"
          + ") s where at is not null";

  /** What each sign says on the timeline; the SFTP ones are named {@code sftp-*}. */
  private static final Map<String, String> SEEN =
      Map.of(
          "sftp-login", "An SFTP sign-in of the district was seen",
          "sftp-file", "A file of the district came by SFTP",
          "api-key", "One of the district's API keys was used",
          "api-file", "A file of the district came through the API",
          "powerschool-test", "The PowerSchool connection test passed",
          "powerschool-pull", "A PowerSchool pull succeeded",
          "oneroster-test", "The OneRoster connection test passed",
          "oneroster-pull", "A OneRoster pull succeeded");

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
    // Every sign that a connection works, read in one statement: the districts overview reads
    // the facts of every district.
    Facts.Connection sftp = null;
    Facts.Connection api = null;
    for (Map.Entry<String, Instant> sign :
        jdbc.sql(CONNECTION_SIGNS)
            .param("district", district)
            .query((rs, i) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
            .list()) {
      Facts.Connection c = new Facts.Connection(sign.getValue(), SEEN.get(sign.getKey()));
      if (sign.getKey().startsWith("sftp-")) {
        sftp = Facts.Connection.earlier(sftp, c);
      } else {
        api = Facts.Connection.earlier(api, c);
      }
    }
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
    return new Facts(sftp, api, first, arrivals);
  }
}
