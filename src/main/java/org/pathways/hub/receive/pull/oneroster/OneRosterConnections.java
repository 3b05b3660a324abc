package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.WrappedKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each district's OneRoster REST connection. The client secret is encrypted by the master key and
 * bound to its district, as the alert webhook address is; it is decrypted only to ask for a token.
 */
@Repository
public class OneRosterConnections {

  private final JdbcClient jdbc;
  private final KeyWrapper master;
  private final Clock clock;

  public OneRosterConnections(JdbcClient jdbc, KeyWrapper master, Clock clock) {
    this.jdbc = jdbc;
    this.master = master;
    this.clock = clock;
  }

  /** A connection as shown to people: everything but the secret. */
  public record Summary(
      String district,
      URI baseUrl,
      URI tokenUrl,
      String clientId,
      OneRoster.Version version,
      String updatedBy) {}

  /** Saves (or replaces) a district's connection. */
  public void save(String district, OneRosterEndpoint e, String by) {
    WrappedKey secret;
    try {
      secret = master.wrap(e.clientSecret().getBytes(StandardCharsets.UTF_8), bound(district));
    } catch (GeneralSecurityException | IOException ex) {
      throw new IllegalStateException(
          "Could not encrypt the OneRoster client secret of "
              + district
              + " with "
              + master.describe(),
          ex);
    }
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

  public Optional<Summary> summary(String district) {
    return jdbc.sql(
            "select base_url, token_url, client_id, version, updated_by from oneroster_connection"
                + " where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new Summary(
                    district,
                    URI.create(rs.getString(1)),
                    URI.create(rs.getString(2)),
                    rs.getString(3),
                    OneRoster.Version.parse(rs.getString(4)),
                    rs.getString(5)))
        .optional();
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
                    decrypt(district, rs.getBytes(5)),
                    OneRoster.Version.parse(rs.getString(4))))
        .optional();
  }

  private String decrypt(String district, byte[] cipher) {
    try {
      return new String(master.unwrap(cipher, bound(district)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Could not decrypt the OneRoster client secret of "
              + district
              + " with "
              + master.describe(),
          e);
    }
  }

  /** Bound to its district, so a row copied to another district does not decrypt. */
  private static byte[] bound(String district) {
    return ("pathways-hub oneroster secret " + district).getBytes(StandardCharsets.UTF_8);
  }
}
