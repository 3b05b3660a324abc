package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pathways.hub.vault.KeyWrapper;
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
  private final KeyWrapper master;
  private final Clock clock;

  public PowerSchoolConnections(JdbcClient jdbc, KeyWrapper master, Clock clock) {
    this.jdbc = jdbc;
    this.master = master;
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
      WrappedKey w = encrypt(district, new ClientSecret(secret));
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
                    decrypt(district, rs.getBytes(3))))
        .optional();
  }

  void recordTest(String district, boolean ok, String summary) {
    jdbc.sql(
            "update powerschool_connection set last_test_at = ?, last_test_ok = ?,"
                + " last_test_summary = ? where district = ?")
        .params(Timestamp.from(clock.instant()), ok, summary, district)
        .update();
  }

  void recordPull(String district, boolean ok, String summary) {
    jdbc.sql(
            "update powerschool_connection set last_pull_at = ?, last_pull_ok = ?,"
                + " last_pull_summary = ? where district = ?")
        .params(Timestamp.from(clock.instant()), ok, summary, district)
        .update();
  }

  /**
   * The server's address as saved: an https URL without query or fragment. Plain http is taken only
   * for a server on this machine (a PowerSchool simulator in tests), since the client secret and
   * students' records would otherwise cross the network in clear.
   */
  static URI serverAddress(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Give the PowerSchool server's address");
    }
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is not an address; give one like https://ps.example.org", e);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is not an address; give one like https://ps.example.org");
    }
    if (scheme.equals("http") && !loopback(url.getHost())) {
      throw new IllegalArgumentException(
          "The PowerSchool address must start with https://, not http://: the client secret and"
              + " students' records must not cross the network in clear");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Give only the PowerSchool server's address, such as https://ps.example.org");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + url.getRawAuthority() + path);
  }

  private static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }

  private WrappedKey encrypt(String district, ClientSecret secret) {
    try {
      return master.wrap(secret.reveal().getBytes(StandardCharsets.UTF_8), bound(district));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Could not encrypt the PowerSchool client secret of "
              + district
              + " with "
              + master.describe(),
          e);
    }
  }

  private ClientSecret decrypt(String district, byte[] cipher) {
    try {
      return new ClientSecret(
          new String(master.unwrap(cipher, bound(district)), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Could not decrypt the PowerSchool client secret of "
              + district
              + " with "
              + master.describe(),
          e);
    }
  }

  /** Bound to its district, so a row copied to another district does not decrypt. */
  private static byte[] bound(String district) {
    return ("pathways-hub powerschool client secret " + district).getBytes(StandardCharsets.UTF_8);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
