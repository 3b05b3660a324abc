package org.pathways.hub.receive.pull.powerschool;

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
 * Each district's PowerSchool connection: the server's address, the plugin's client id, and its
 * client secret kept encrypted by the master key, bound to its district, and read back only to sign
 * in. The last test and pull are kept beside them for the settings page.
 */
@Repository
public class PowerSchoolConnections {

  private final JdbcClient jdbc;
  private static final DistrictSecrets.Kind SECRET =
      new DistrictSecrets.Kind(
          "pathways-hub powerschool client secret ", "PowerSchool client secret");

  private final DistrictSecrets secrets;
  private final Clock clock;

  public PowerSchoolConnections(JdbcClient jdbc, DistrictSecrets secrets, Clock clock) {
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
      URI server,
      String clientId,
      String updatedBy,
      Instant updatedAt,
      Instant lastTestAt,
      Boolean lastTestOk,
      String lastTestSummary,
      Instant lastPullAt,
      Boolean lastPullOk,
      String lastPullSummary) {}

  public Optional<Settings> find(String district) {
    return jdbc.sql(
            "select server_url, client_id, updated_by, updated_at, last_test_at, last_test_ok,"
                + " last_test_summary, last_pull_at, last_pull_ok, last_pull_summary"
                + " from powerschool_connection where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new Settings(
                    district,
                    URI.create(rs.getString(1)),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant(),
                    instant(rs.getTimestamp(5)),
                    (Boolean) rs.getObject(6),
                    rs.getString(7),
                    instant(rs.getTimestamp(8)),
                    (Boolean) rs.getObject(9),
                    rs.getString(10)))
        .optional();
  }

  /** The districts that have a connection, by code. */
  public List<String> districts() {
    return jdbc.sql("select district from powerschool_connection order by district")
        .query(String.class)
        .list();
  }

  /**
   * Saves a district's connection. A null or blank secret keeps the stored one (the page never
   * shows it back); a first connection needs one.
   *
   * @throws IllegalArgumentException for an address that is not an https URL, a blank client id, or
   *     a first connection without a secret
   */
  public Settings save(String district, String server, String clientId, String secret, String by) {
    URI url = serverAddress(server);
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("Give the plugin's client id");
    }
    boolean keep = secret == null || secret.isBlank();
    if (keep && find(district).isEmpty()) {
      throw new IllegalArgumentException("Give the plugin's client secret");
    }
    Timestamp now = Timestamp.from(clock.instant());
    if (keep) {
      jdbc.sql(
              "update powerschool_connection set server_url = ?, client_id = ?, updated_by = ?,"
                  + " updated_at = ? where district = ?")
          .params(url.toString(), clientId.strip(), by, now, district)
          .update();
    } else {
      WrappedKey w = secrets.seal(SECRET, district, secret);
      jdbc.sql(
              "insert into powerschool_connection (district, server_url, client_id, client_secret,"
                  + " secret_master_version, updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?)"
                  + " on conflict (district) do update set server_url = excluded.server_url,"
                  + " client_id = excluded.client_id, client_secret = excluded.client_secret,"
                  + " secret_master_version = excluded.secret_master_version,"
                  + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
          .params(
              district,
              url.toString(),
              clientId.strip(),
              w.ciphertext(),
              w.masterVersion(),
              by,
              now)
          .update();
    }
    return find(district).orElseThrow();
  }

  /** What signs in to the district's PowerSchool, when it has a connection. */
  Optional<Credentials> credentials(String district) {
    return jdbc.sql(
            "select server_url, client_id, client_secret from powerschool_connection"
                + " where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new Credentials(
                    district,
                    URI.create(rs.getString(1)),
                    rs.getString(2),
                    new ClientSecret(secrets.open(SECRET, district, rs.getBytes(3)))))
        .optional();
  }

  void recordTest(String district, boolean ok, String summary) {
    PullOutcomes.record(
        jdbc,
        "powerschool_connection",
        PullOutcomes.Kind.TEST,
        district,
        ok,
        summary,
        clock.instant());
  }

  void recordPull(String district, boolean ok, String summary) {
    PullOutcomes.record(
        jdbc,
        "powerschool_connection",
        PullOutcomes.Kind.PULL,
        district,
        ok,
        summary,
        clock.instant());
  }

  /**
   * The server's address as saved: an https URL without query or fragment. Plain http is taken only
   * for a server on this machine (a PowerSchool simulator in tests), since the client secret and
   * students' records would otherwise cross the network in clear.
   */
  static URI serverAddress(String text) {
    URI url =
        PullAddress.parse(
            text, "Give the PowerSchool server's address", "PowerSchool", "https://ps.example.org");
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Give only the PowerSchool server's address, such as https://ps.example.org");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(PullAddress.scheme(url) + "://" + url.getRawAuthority() + path);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
