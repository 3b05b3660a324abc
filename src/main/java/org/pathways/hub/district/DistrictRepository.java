package org.pathways.hub.district;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The districts the hub knows. */
@Repository
public class DistrictRepository {

  private static final org.springframework.jdbc.core.RowMapper<District> ROW =
      (rs, i) ->
          new District(
              rs.getString(1),
              rs.getString(2),
              State.valueOf(rs.getString(3)),
              rs.getString(4),
              rs.getInt(5));

  private final JdbcClient jdbc;
  private final Clock clock;

  public DistrictRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public void add(District d) {
    jdbc.sql(
            "insert into district (code, name, state, profile_id, hold_threshold_pct, created_at) values (?, ?, ?, ?, ?, ?)")
        .params(
            d.code(),
            d.name(),
            d.state().name(),
            d.profileId(),
            d.holdThresholdPercent(),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .update();
  }

  public Optional<District> find(String code) {
    return jdbc.sql(
            "select code, name, state, profile_id, hold_threshold_pct from district where code = ?")
        .param(code)
        .query(ROW)
        .optional();
  }

  public List<District> list() {
    return jdbc.sql(
            "select code, name, state, profile_id, hold_threshold_pct from district order by code")
        .query(ROW)
        .list();
  }

  /** The district's override of its profile, as YAML, if it has one. */
  public Optional<String> profileOverride(String code) {
    return jdbc.sql("select profile_override from district where code = ?")
        .param(code)
        .query(String.class)
        .optional();
  }

  public void setProfileOverride(String code, String yaml) {
    jdbc.sql("update district set profile_override = ? where code = ?").params(yaml, code).update();
  }

  /** Moves a district to another SIS profile or state; the caller checks the two fit. */
  public void setProfile(String code, String profileId, State state) {
    jdbc.sql("update district set profile_id = ?, state = ? where code = ?")
        .params(profileId, state.name(), code)
        .update();
  }

  /** Sets the share of records a load may remove before it is held for review. */
  public void setHoldThreshold(String code, int percent) {
    District d =
        find(code)
            .orElseThrow(() -> new IllegalArgumentException("Unknown district '" + code + "'"));
    // The record checks the range, with the message a person can act on.
    new District(d.code(), d.name(), d.state(), d.profileId(), percent);
    jdbc.sql("update district set hold_threshold_pct = ? where code = ?")
        .params(percent, code)
        .update();
  }
}
