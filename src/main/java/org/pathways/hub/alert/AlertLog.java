package org.pathways.hub.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every alert made, recorded before it is sent. The record is the claim: one alert is one key, and
 * a second node or a second evaluation making the same alert finds it taken and sends nothing.
 */
@Repository
public class AlertLog {

  private final JdbcClient jdbc;
  private final Clock clock;

  public AlertLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** An alert about to be made. */
  record Draft(
      String key,
      AlertKind kind,
      Channel channel,
      String recipient,
      String district,
      LocalDate night,
      List<String> dataSets,
      String subject,
      String body) {
    Draft {
      dataSets = List.copyOf(dataSets);
    }
  }

  /** Records an alert unless one with its key exists; its id when this call recorded it. */
  Optional<Long> claim(Draft d) {
    return jdbc.sql(
            "insert into alert_sent (dedupe_key, kind, channel, recipient, district, night, datasets,"
                + " subject, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (dedupe_key) do nothing returning id")
        .params(
            d.key(),
            d.kind().name(),
            d.channel().name(),
            d.recipient(),
            d.district(),
            d.night(),
            "," + String.join(",", d.dataSets()) + ",",
            d.subject(),
            d.body(),
            Timestamp.from(clock.instant()))
        .query(Long.class)
        .optional();
  }

  Optional<SentAlert> find(long id) {
    return jdbc.sql(SELECT + " where id = ?").param(id).query(AlertLog::map).optional();
  }

  void attempted(long id, String error) {
    jdbc.sql("update alert_sent set attempts = attempts + 1, last_error = ? where id = ?")
        .params(error, id)
        .update();
  }

  void sent(long id) {
    jdbc.sql("update alert_sent set sent_at = ?, attempts = attempts + 1 where id = ?")
        .params(Timestamp.from(clock.instant()), id)
        .update();
  }

  void givenUp(long id) {
    jdbc.sql("update alert_sent set failed_at = ? where id = ?")
        .params(Timestamp.from(clock.instant()), id)
        .update();
  }

  /**
   * The alerts of a district night that told about a data set's trouble: a late file's arrival is
   * told to the same people.
   */
  List<SentAlert> toldAbout(String district, LocalDate night, String dataSet) {
    return jdbc.sql(
            SELECT
                + " where district = ? and night = ? and kind in ('NIGHT', 'ESCALATION', 'REMINDER')"
                + " and datasets like ? and failed_at is null order by id")
        .params(district, night, "%," + dataSet + ",%")
        .query(AlertLog::map)
        .list();
  }

  /** The latest alerts of a district, newest first. */
  public List<SentAlert> recent(String district, int limit) {
    return jdbc.sql(SELECT + " where district = ? order by id desc limit ?")
        .params(district, limit)
        .query(AlertLog::map)
        .list();
  }

  /** The latest digests mailed to one person, newest first. */
  public List<SentAlert> digestsTo(String email, int limit) {
    return jdbc.sql(SELECT + " where kind = 'DIGEST' and recipient = ? order by id desc limit ?")
        .params(email, limit)
        .query(AlertLog::map)
        .list();
  }

  private static final String SELECT =
      "select id, kind, channel, recipient, district, night, datasets, subject, body, created_at,"
          + " sent_at, attempts, last_error, failed_at from alert_sent";

  private static SentAlert map(ResultSet rs, int n) throws SQLException {
    return new SentAlert(
        rs.getLong(1),
        AlertKind.valueOf(rs.getString(2)),
        Channel.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getObject(6, LocalDate.class),
        Arrays.stream(rs.getString(7).split(",")).filter(s -> !s.isEmpty()).toList(),
        rs.getString(8),
        rs.getString(9),
        instant(rs.getTimestamp(10)),
        instant(rs.getTimestamp(11)),
        rs.getInt(12),
        rs.getString(13),
        instant(rs.getTimestamp(14)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
