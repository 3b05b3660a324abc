package org.pathways.hub.receive.pull.oneroster;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pathways.hub.receive.pull.PullAddress;
import org.pathways.hub.receive.pull.PullOutcomes;
import org.pathways.hub.vault.DistrictSecrets;
import org.pathways.hub.vault.WrappedKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each district's OneRoster REST connection. The client secret is encrypted by the master key and
 * bound to its district, as the alert webhook address is; it is decrypted only to ask for a token.
 * The last test and pull are kept beside it for the settings page.
 */
@Repository
public class OneRosterConnections {

  private final JdbcClient jdbc;
  private static final DistrictSecrets.Kind SECRET =
      new DistrictSecrets.Kind("pathways-hub oneroster secret ", "OneRoster client secret");

  private final DistrictSecrets secrets;
  private final Clock clock;

  public OneRosterConnections(JdbcClient jdbc, DistrictSecrets secrets, Clock clock) {
    this.jdbc = jdbc;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * A district's connection as the settings page shows it: never the secret.
   *
   * @param lastTestOk null until tested
   * @param lastPullOk null until pulled
   */
  public record Settings(
      String district,
      URI baseUrl,
      URI tokenUrl,
      String clientId,
      OneRoster.Version version,
      String updatedBy,
      Instant updatedAt,
      Instant lastTestAt,
      Boolean lastTestOk,
      String lastTestSummary,
      Instant lastPullAt,
      Boolean lastPullOk,
      String lastPullSummary) {}

  /** The districts that have a connection, by code. */
  public List<String> districts() {
    return jdbc.sql("select district from oneroster_connection order by district")
        .query(String.class)
        .list();
  }

  /** Saves (or replaces) a district's connection. */
  public void save(String district, OneRosterEndpoint e, String by) {
    WrappedKey secret = secrets.seal(SECRET, district, e.clientSecret());
    jdbc.sql(
            "insert into oneroster_connection (district, base_url, token_url, client_id, version,"
                + " client_secret, secret_master_version, updated_by, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (district) do update set"
                + " base_url = excluded.base_url, token_url = excluded.token_url,"
                + " client_id = excluded.client_id, version = excluded.version,"
                + " client_secret = excluded.client_secret,"
                + " secret_master_version = excluded.secret_master_version,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .params(
            district,
            e.baseUrl().toString(),
            e.tokenUrl().toString(),
            e.clientId(),
            e.version().label(),
            secret.ciphertext(),
            secret.masterVersion(),
            by,
            Timestamp.from(clock.instant()))
        .update();
  }

  public Optional<Settings> find(String district) {
    return jdbc.sql(
            "select base_url, token_url, client_id, version, updated_by, updated_at, last_test_at,"
                + " last_test_ok, last_test_summary, last_pull_at, last_pull_ok, last_pull_summary"
                + " from oneroster_connection where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new Settings(
                    district,
                    URI.create(rs.getString(1)),
                    URI.create(rs.getString(2)),
                    rs.getString(3),
                    OneRoster.Version.parse(rs.getString(4)),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant(),
                    instant(rs.getTimestamp(7)),
                    (Boolean) rs.getObject(8),
                    rs.getString(9),
                    instant(rs.getTimestamp(10)),
                    (Boolean) rs.getObject(11),
                    rs.getString(12)))
        .optional();
  }

  /**
   * Saves a district's connection as the settings page gives it. A null or blank secret keeps the
   * stored one (the page never shows it back); a first connection needs one.
   *
   * @throws IllegalArgumentException for an address that is not an https URL, a blank client id, an
   *     unknown version, or a first connection without a secret
   */
  public Settings save(
      String district,
      String baseUrl,
      String tokenUrl,
      String clientId,
      String version,
      String secret,
      String by) {
    URI base = address(baseUrl, "service");
    URI token = address(tokenUrl, "token");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("Give the client id the SIS issued to Pathways");
    }
    OneRoster.Version v = OneRoster.Version.parse(version == null ? "" : version);
    boolean keep = secret == null || secret.isBlank();
    if (keep) {
      int updated =
          jdbc.sql(
                  "update oneroster_connection set base_url = ?, token_url = ?, client_id = ?,"
                      + " version = ?, updated_by = ?, updated_at = ? where district = ?")
              .params(
                  base.toString(),
                  token.toString(),
                  clientId.strip(),
                  v.label(),
                  by,
                  Timestamp.from(clock.instant()),
                  district)
              .update();
      if (updated == 0) {
        throw new IllegalArgumentException("Give the client secret the SIS issued to Pathways");
      }
    } else {
      save(district, new OneRosterEndpoint(base, token, clientId.strip(), secret.strip(), v), by);
    }
    return find(district).orElseThrow();
  }

  /** The connection with its secret decrypted, to pull with. */
  public Optional<OneRosterEndpoint> endpoint(String district) {
    return jdbc.sql(
            "select base_url, token_url, client_id, version, client_secret from oneroster_connection"
                + " where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new OneRosterEndpoint(
                    URI.create(rs.getString(1)),
                    URI.create(rs.getString(2)),
                    rs.getString(3),
                    secrets.open(SECRET, district, rs.getBytes(5)),
                    OneRoster.Version.parse(rs.getString(4))))
        .optional();
  }

  void recordTest(String district, boolean ok, String summary) {
    PullOutcomes.record(
        jdbc,
        "oneroster_connection",
        PullOutcomes.Kind.TEST,
        district,
        ok,
        summary,
        clock.instant());
  }

  void recordPull(String district, boolean ok, String summary) {
    PullOutcomes.record(
        jdbc,
        "oneroster_connection",
        PullOutcomes.Kind.PULL,
        district,
        ok,
        summary,
        clock.instant());
  }

  /**
   * An address as the settings page takes it: an https URL. Plain http is taken only for a service
   * on this machine (a test server), since the client secret and students' records would otherwise
   * cross the network in clear.
   */
  static URI address(String text, String what) {
    String example =
        what.equals("token") ? "https://sis.example.org/oauth/token" : "https://sis.example.org";
    URI url =
        PullAddress.parse(
            text, "Give the OneRoster " + what + " address", "OneRoster " + what, example);
    if (url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Give only the OneRoster " + what + " address, such as " + example);
    }
    return url;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
