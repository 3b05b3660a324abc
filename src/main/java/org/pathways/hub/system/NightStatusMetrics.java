package org.pathways.hub.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How the latest evaluated night went, as one gauge per state ({@code hub_night_datasets}): how
 * many expected data sets were on time, late, missing, held, failed, still processing or paused,
 * over all districts, read from the nightly evaluation's {@code night_status} table.
 *
 * <p>The table comes with the nightly evaluation; until it exists the gauges read NaN (unknown)
 * rather than 0, which would claim that nothing is missing. A scrape reads every gauge, so the
 * counts are queried once and kept for a few seconds.
 */
@Component
class NightStatusMetrics implements MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(NightStatusMetrics.class);

  /** Every state of the nightly evaluation, each a series, so no series comes and goes. */
  static final List<String> STATES =
      java.util.Arrays.stream(org.pathways.hub.monitor.NightState.values())
          .map(Enum::name)
          .toList();

  private static final Duration KEPT = Duration.ofSeconds(10);

  private final JdbcClient jdbc;
  private final Clock clock;
  private boolean tableSeen;
  private Instant readAt;

  /** The counts by state, or null when they cannot be told (no table yet, no database). */
  private Map<String, Long> counts;

  NightStatusMetrics(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String state : STATES) {
      Gauge.builder("hub.night.datasets", this, m -> m.count(state))
          .description(
              "Expected data sets of the latest evaluated night, over all districts, by state")
          .tag("state", state)
          .register(registry);
    }
  }

  /** The number of data sets in a state on the latest night; NaN when it cannot be told. */
  synchronized double count(String state) {
    Instant now = clock.instant();
    if (readAt == null || !now.isBefore(readAt.plus(KEPT))) {
      counts = read();
      readAt = now;
    }
    return counts == null ? Double.NaN : counts.getOrDefault(state, 0L);
  }

  private Map<String, Long> read() {
    try {
      if (!tableSeen) {
        tableSeen =
            jdbc.sql(
                    "select exists (select 1 from information_schema.tables"
                        + " where table_schema = current_schema() and table_name = 'night_status')")
                .query(Boolean.class)
                .single();
        if (!tableSeen) {
          return null;
        }
      }
      Map<String, Long> out = new HashMap<>();
      jdbc.sql(
              "select state, count(*) from night_status"
                  + " where night = (select max(night) from night_status) group by state")
          .query((rs, i) -> out.put(rs.getString(1), rs.getLong(2)))
          .list();
      return out;
    } catch (DataAccessException e) {
      // A scrape must not fail because the database is away; the database health says so.
      log.debug("The night status could not be read: {}", e.toString());
      return null;
    }
  }
}
