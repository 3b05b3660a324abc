package org.pathways.hub.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Records audit events in the database, and each one as a log line for the operators. */
@Repository
public class AuditLog {

  private static final Logger log = LoggerFactory.getLogger("org.pathways.hub.audit");

  private final JdbcClient jdbc;
  private final Clock clock;

  public AuditLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records what an actor did now. */
  public void record(
      String actor,
      String action,
      String district,
      String target,
      String remote,
      String outcome,
      String detail) {
    AuditEvent e =
        new AuditEvent(clock.instant(), actor, action, district, target, remote, outcome, detail);
    jdbc.sql(
            "insert into audit_event (at, actor, action, district, target, remote, outcome, detail)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            Timestamp.from(e.at()),
            e.actor(),
            e.action(),
            e.district(),
            e.target(),
            e.remote(),
            e.outcome(),
            e.detail())
        .update();
    log.info(
        "{} {} by {} from {} district={} target={}: {}",
        e.action(),
        e.outcome(),
        e.actor(),
        e.remote() == null ? "-" : e.remote(),
        e.district() == null ? "-" : e.district(),
        e.target() == null ? "-" : e.target(),
        e.detail() == null ? "" : e.detail());
  }

  /** The most recent events, newest first; for one district when {@code district} is set. */
  public List<AuditEvent> recent(String district, int limit) {
    return jdbc.sql(
            "select at, actor, action, district, target, remote, outcome, detail from audit_event"
                + " where (cast(? as text) is null or district = ?) order by id desc limit ?")
        .params(district, district, limit)
        .query(
            (rs, i) ->
                new AuditEvent(
                    rs.getTimestamp(1).toInstant(),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8)))
        .list();
  }
}
