package org.pathways.hub.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.Onboarding;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** How last night went for every district, from the runs the hub recorded. */
@Service
public class LastNight {

  private final JdbcClient jdbc;
  private final Onboarding onboarding;
  private final Clock clock;

  public LastNight(JdbcClient jdbc, Onboarding onboarding, Clock clock) {
    this.jdbc = jdbc;
    this.onboarding = onboarding;
    this.clock = clock;
  }

  /** Last night of each district, keyed by code, in the order given. */
  public Map<String, DistrictNight> of(List<District> districts) {
    Instant now = clock.instant();
    // Two days back covers the window of the latest night and files that came after it.
    Instant since = now.minus(Duration.ofDays(3));
    Map<String, List<Nights.Received>> byDistrict = new HashMap<>();
    record Row(String district, Nights.Received run) {}
    List<Row> rows =
        jdbc.sql(
                "select r.district, r.id, r.dataset, r.status, f.received_at from ingest_run r"
                    + " join received_file f on f.id = r.received_file_id"
                    + " where f.received_at >= ? and r.dataset is not null")
            .param(Timestamp.from(since))
            .query(
                (rs, n) -> {
                  String district = rs.getString(1);
                  long id = rs.getLong(2);
                  String status = rs.getString(4);
                  Instant at = rs.getTimestamp(5).toInstant();
                  return DataSet.byId(rs.getString(3))
                      .map(ds -> new Row(district, new Nights.Received(id, ds, status, at)))
                      .orElse(null);
                })
            .list();
    for (Row r : rows) {
      if (r != null) {
        byDistrict.computeIfAbsent(r.district(), k -> new ArrayList<>()).add(r.run());
      }
    }
    Map<String, DistrictNight> out = new LinkedHashMap<>();
    for (District d : districts) {
      // The deadline and the expected data sets are the district's integration settings.
      LocalTime at = onboarding.integration(d).deadline();
      LocalDate night = Nights.lastNight(now, at);
      out.put(
          d.code(),
          new DistrictNight(
              d.code(),
              night,
              Nights.deadline(night, at),
              Nights.judge(
                  night,
                  at,
                  onboarding.expectedDataSets(d),
                  byDistrict.getOrDefault(d.code(), List.of()))));
    }
    return out;
  }
}
