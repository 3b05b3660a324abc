package org.pathways.hub.receive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.Secrets;
import org.pathways.hub.district.DistrictRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per-district API keys for scripts and SIS jobs that push files over HTTPS. A key reads {@code
 * phk_PREFIX_SECRET}: the prefix is stored as is, the secret only as its SHA-256 (a random
 * 32-character secret cannot be guessed, so a slow hash would add nothing but latency).
 */
@Repository
public class ApiKeys {

  private static final String SCHEME = "phk_";

  private final JdbcClient jdbc;
  private final DistrictRepository districts;
  private final Clock clock;

  public ApiKeys(JdbcClient jdbc, DistrictRepository districts, Clock clock) {
    this.jdbc = jdbc;
    this.districts = districts;
    this.clock = clock;
  }

  /** Creates a key; its whole value is returned this once. */
  public IssuedSecret add(String district, String label) {
    requireDistrict(district);
    String prefix = Secrets.random(8).toLowerCase(Locale.ROOT);
    String secret = Secrets.random(32);
    jdbc.sql(
            "insert into api_key (district, prefix, secret_sha256, label, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(district, prefix, sha256(secret), label, Timestamp.from(clock.instant()))
        .update();
    return new IssuedSecret(prefix, SCHEME + prefix + "_" + secret);
  }

  public List<ApiKey> list(String district) {
    requireDistrict(district);
    return jdbc.sql(
            "select prefix, district, label, created_at, revoked_at, last_used_at from api_key"
                + " where district = ? order by created_at, prefix")
        .param(district)
        .query(
            (rs, i) ->
                new ApiKey(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    instant(rs.getTimestamp(4)),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6))))
        .list();
  }

  /**
   * Replaces a key: a new one with the same label, the old one revoked at once (a rotation is
   * usually because the old one may be known).
   */
  public IssuedSecret rotate(String district, String prefix) {
    String label =
        jdbc.sql(
                "select label from api_key where district = ? and prefix = ? and revoked_at is null")
            .params(district, prefix)
            .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1)))
            .optional()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "District " + district + " has no active API key " + prefix))
            .orElse(null);
    revoke(district, prefix);
    return add(district, label);
  }

  public void revoke(String district, String prefix) {
    int n =
        jdbc.sql(
                "update api_key set revoked_at = ? where district = ? and prefix = ?"
                    + " and revoked_at is null")
            .params(Timestamp.from(clock.instant()), district, prefix)
            .update();
    if (n == 0) {
      throw new IllegalArgumentException(
          "District " + district + " has no active API key " + prefix);
    }
  }

  /** The key that a presented value is, if it is a district's active key. */
  public Optional<ApiKey> authenticate(String presented) {
    if (presented == null || !presented.startsWith(SCHEME)) {
      return Optional.empty();
    }
    int sep = presented.indexOf('_', SCHEME.length());
    if (sep < 0) {
      return Optional.empty();
    }
    String prefix = presented.substring(SCHEME.length(), sep);
    String secret = presented.substring(sep + 1);
    record Row(String district, String hash, String label, Instant created, Instant revoked) {}
    Optional<Row> row =
        jdbc.sql(
                "select district, secret_sha256, label, created_at, revoked_at from api_key"
                    + " where prefix = ?")
            .param(prefix)
            .query(
                (rs, i) ->
                    new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5))))
            .optional();
    if (row.isEmpty()
        || row.get().revoked() != null
        || !MessageDigest.isEqual(
            row.get().hash().getBytes(StandardCharsets.US_ASCII),
            sha256(secret).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    jdbc.sql(
            "update api_key set last_used_at = ?, first_used_at = coalesce(first_used_at, ?)"
                + " where prefix = ?")
        .params(Timestamp.from(now), Timestamp.from(now), prefix)
        .update();
    return Optional.of(
        new ApiKey(
            prefix, row.get().district(), row.get().label(), row.get().created(), null, now));
  }

  private void requireDistrict(String district) {
    if (districts.find(district).isEmpty()) {
      throw new IllegalArgumentException("Unknown district '" + district + "'");
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
