package org.pathways.hub.receive.pull;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outcome of a connection test or pull, as every pull connection's table keeps it (V16, V17,
 * V26): the last one, for the settings page, and the first that passed, for onboarding's connection
 * step, which a later failure must not undo.
 */
public final class PullOutcomes {

  /** What was tried: the columns' {@code test} or {@code pull}. */
  public enum Kind {
    TEST,
    PULL
  }

  private PullOutcomes() {}

  /**
   * Records an outcome in {@code table}'s row of the district.
   *
   * @param table the connection table, such as {@code powerschool_connection}
   */
  public static void record(
      JdbcClient jdbc,
      String table,
      Kind kind,
      String district,
      boolean ok,
      String summary,
      Instant at) {
    String k = kind.name().toLowerCase(Locale.ROOT);
    Timestamp now = Timestamp.from(at);
    jdbc.sql(
            "update "
                + table
                + " set last_"
                + k
                + "_at = ?, last_"
                + k
                + "_ok = ?, last_"
                + k
                + "_summary = ?, first_"
                + k
                + "_ok_at = coalesce(first_"
                + k
                + "_ok_at, ?) where district = ?")
        .params(now, ok, summary, new SqlParameterValue(Types.TIMESTAMP, ok ? now : null), district)
        .update();
  }
}
