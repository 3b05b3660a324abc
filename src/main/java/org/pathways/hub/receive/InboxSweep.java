package org.pathways.hub.receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pathways.hub.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Removes uploads that were cut off and never resumed, once they are older than {@code
 * sftp.stale-upload-days}: a client that gave up sends the file again, and the inbox must not fill
 * with halves of files (which count against the district's quota).
 */
@Component
public class InboxSweep {

  private static final Logger log = LoggerFactory.getLogger(InboxSweep.class);

  private final JdbcClient jdbc;
  private final Buckets buckets;
  private final AuditLog audit;
  private final Clock clock;

  public InboxSweep(JdbcClient jdbc, Buckets buckets, AuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.buckets = buckets;
    this.audit = audit;
    this.clock = clock;
  }

  /** An upload removed. */
  public record Swept(String district, String name, Instant startedAt) {}

  /** Removes the unfinished uploads started more than {@code age} ago. */
  public List<Swept> sweep(Duration age) {
    Instant cutoff = clock.instant().minus(age);
    List<Swept> stale =
        jdbc.sql(
                "select district, name, started_at from inbox_upload where started_at <= ?"
                    + " order by started_at")
            .param(Timestamp.from(cutoff))
            .query(
                (rs, i) ->
                    new Swept(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
            .list();
    for (Swept s : stale) {
      Path file = buckets.inbox(s.district()).resolve(s.name()).normalize();
      try {
        if (file.startsWith(buckets.inbox(s.district()))) {
          Files.deleteIfExists(file);
        }
        jdbc.sql("delete from inbox_upload where district = ? and name = ? and started_at = ?")
            .params(s.district(), s.name(), Timestamp.from(s.startedAt()))
            .update();
        audit.record(
            "hub",
            "sftp.sweep",
            s.district(),
            s.name(),
            null,
            "ok",
            "unfinished upload started " + s.startedAt());
      } catch (IOException e) {
        log.warn("An unfinished upload could not be removed: {}", e.toString());
      }
    }
    return stale;
  }
}
