package org.pathways.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pathways.hub.district.DistrictRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Service tokens of the read API, one or more per consumer, each scoped to all districts or a few.
 * A token reads {@code pst_ID_SECRET}: the id is stored as is and finds the row, the secret only as
 * its SHA-256 (a random 32-character secret cannot be guessed, so a slow hash would add nothing but
 * latency to every request), compared in constant time. The prefix differs from an upload key's
 * {@code phk_}, so neither kind is ever taken for the other.
 */
@Repository
public class ServiceTokens {

  private static final String SCHEME = "pst_";

  private static final Pattern CONSUMER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * How stale the last-used time may get: writing it on every request would turn each read into a
   * write, and a minute is as precise as anyone deciding whether a token is still used needs.
   */
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final JdbcClient jdbc;
  private final DistrictRepository districts;
  private final TransactionTemplate tx;
  private final Clock clock;

  public ServiceTokens(
      JdbcClient jdbc, DistrictRepository districts, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.districts = districts;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Creates a token for a consumer; its whole value is returned this once.
   *
   * @param scope the districts it may read; empty for all districts, those added later included
   * @throws IllegalArgumentException when the consumer name is malformed or a district unknown
   */
  public IssuedSecret add(String consumer, List<String> scope) {
    if (consumer == null || !CONSUMER.matcher(consumer).matches()) {
      throw new IllegalArgumentException(
          "Consumer '"
              + consumer
              + "' must be 1 to 64 letters, digits, dots, dashes or underscores, such as"
              + " 'pathways'");
    }
    TreeSet<String> codes = new TreeSet<>(scope);
    for (String code : codes) {
      if (districts.find(code).isEmpty()) {
        throw new IllegalArgumentException(
            "Unknown district '" + code + "': district list shows the codes");
      }
    }
    String id = Secrets.random(8).toLowerCase(Locale.ROOT);
    String secret = Secrets.random(32);
    tx.executeWithoutResult(
        status -> {
          jdbc.sql(
                  "insert into service_token (id, consumer, secret_sha256, all_districts,"
                      + " created_at) values (?, ?, ?, ?, ?)")
              .params(id, consumer, sha256(secret), codes.isEmpty(), Timestamp.from(now()))
              .update();
          for (String code : codes) {
            jdbc.sql("insert into service_token_district (token_id, district) values (?, ?)")
                .params(id, code)
                .update();
          }
        });
    return new IssuedSecret(id, SCHEME + id + "_" + secret);
  }

  /** Every token, active and revoked, by consumer and creation. */
  public List<ServiceToken> list() {
    return jdbc.sql(
            "select t.id, t.consumer, t.all_districts,"
                + " coalesce(string_agg(d.district, ',' order by d.district), ''),"
                + " t.created_at, t.revoked_at, t.last_used_at"
                + " from service_token t left join service_token_district d on d.token_id = t.id"
                + " group by t.id order by t.consumer, t.created_at, t.id")
        .query(
            (rs, i) ->
                new ServiceToken(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getBoolean(3),
                    rs.getString(4).isEmpty() ? List.of() : List.of(rs.getString(4).split(",")),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7))))
        .list();
  }

  /**
   * Revokes a consumer's active tokens; they stop working at once.
   *
   * @return the ids revoked
   * @throws IllegalArgumentException when the consumer has no active token
   */
  public List<String> revokeConsumer(String consumer) {
    List<String> ids =
        jdbc.sql(
                "update service_token set revoked_at = ? where consumer = ? and revoked_at is null"
                    + " returning id")
            .params(Timestamp.from(now()), consumer)
            .query(String.class)
            .list();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "Consumer '" + consumer + "' has no active token: token list shows them");
    }
    return new ArrayList<>(new TreeSet<>(ids));
  }

  /**
   * Revokes one token, for a consumer that holds two while it moves from one to the other.
   *
   * @return the consumer it belonged to
   * @throws IllegalArgumentException when no active token has this id
   */
  public String revoke(String id) {
    return jdbc.sql(
            "update service_token set revoked_at = ? where id = ? and revoked_at is null"
                + " returning consumer")
        .params(Timestamp.from(now()), id)
        .query(String.class)
        .optional()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No active token has the id '" + id + "': token list shows them"));
  }

  /** The token a presented value is, if it is an active one; notes that it was used. */
  public Optional<ServiceToken> authenticate(String presented) {
    if (presented == null || !presented.startsWith(SCHEME)) {
      return Optional.empty();
    }
    int sep = presented.indexOf('_', SCHEME.length());
    if (sep < 0) {
      return Optional.empty();
    }
    String id = presented.substring(SCHEME.length(), sep);
    String secret = presented.substring(sep + 1);
    record Row(String hash, ServiceToken token) {}
    Optional<Row> row =
        jdbc.sql(
                "select t.secret_sha256, t.id, t.consumer, t.all_districts,"
                    + " coalesce(string_agg(d.district, ',' order by d.district), ''),"
                    + " t.created_at, t.revoked_at, t.last_used_at from service_token t"
                    + " left join service_token_district d on d.token_id = t.id"
                    + " where t.id = ? group by t.id")
            .param(id)
            .query(
                (rs, i) ->
                    new Row(
                        rs.getString(1),
                        new ServiceToken(
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getString(5).isEmpty()
                                ? List.of()
                                : List.of(rs.getString(5).split(",")),
                            instant(rs.getTimestamp(6)),
                            instant(rs.getTimestamp(7)),
                            instant(rs.getTimestamp(8)))))
            .optional();
    if (row.isEmpty()
        || !row.get().token().active()
        || !MessageDigest.isEqual(
            row.get().hash().getBytes(StandardCharsets.US_ASCII),
            sha256(secret).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    ServiceToken t = row.get().token();
    Instant now = now();
    if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
      jdbc.sql("update service_token set last_used_at = ? where id = ?")
          .params(Timestamp.from(now), id)
          .update();
      t =
          new ServiceToken(
              t.id(), t.consumer(), t.allDistricts(), t.districts(), t.createdAt(), null, now);
    }
    return Optional.of(t);
  }

  private Instant now() {
    return clock.instant();
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
