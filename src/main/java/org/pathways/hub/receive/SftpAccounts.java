package org.pathways.hub.receive;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.Secrets;
import org.pathways.hub.district.DistrictRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Districts' SFTP accounts: created, rotated and revoked by engineers, checked at every sign-in.
 * Passwords are kept only as bcrypt hashes; public keys as their OpenSSH text and fingerprint.
 */
@Repository
public class SftpAccounts {

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
  private static final int PASSWORD_LENGTH = 24;

  private final JdbcClient jdbc;
  private final DistrictRepository districts;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(12);
  // Checked against when the user does not exist, so an unknown name costs the same time as a
  // wrong password and names cannot be probed.
  private final String decoyHash;

  public SftpAccounts(
      JdbcClient jdbc, DistrictRepository districts, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.districts = districts;
    this.tx = tx;
    this.clock = clock;
    this.decoyHash = bcrypt.encode(Secrets.random(PASSWORD_LENGTH));
  }

  /**
   * Creates an account for a district's SIS job. It gets a password unless {@code withPassword} is
   * false, and the public key if one is given; at least one of the two.
   *
   * @param username the name, or null for the district's code (then its code and a number)
   */
  public IssuedSecret add(
      String district, String username, String publicKey, boolean withPassword) {
    requireDistrict(district);
    if (!withPassword && publicKey == null) {
      throw new IllegalArgumentException(
          "An account without a password needs a public key (--public-key FILE)");
    }
    PublicKey key = publicKey == null ? null : parse(publicKey);
    return tx.execute(
        status -> {
          String name = username == null ? freeName(district) : username;
          if (!USERNAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "User name '"
                    + name
                    + "' must be 2 to 64 lower-case letters, digits, dots, dashes or underscores");
          }
          if (find(name).isPresent()) {
            throw new IllegalArgumentException("SFTP user " + name + " already exists");
          }
          String password = withPassword ? Secrets.random(PASSWORD_LENGTH) : null;
          Instant now = clock.instant();
          long id =
              jdbc.sql(
                      "insert into sftp_account (district, username, password_hash, created_at,"
                          + " password_set_at) values (?, ?, ?, ?, ?) returning id")
                  .params(
                      district,
                      name,
                      password == null ? null : bcrypt.encode(password),
                      Timestamp.from(now),
                      password == null ? null : Timestamp.from(now))
                  .query(Long.class)
                  .single();
          if (key != null) {
            insertKey(id, key, publicKey.trim(), now);
          }
          return new IssuedSecret(name, password);
        });
  }

  /** Gives an account a new password; the old one stops working at once. */
  public IssuedSecret rotate(String district, String username) {
    long id = activeId(district, username);
    String password = Secrets.random(PASSWORD_LENGTH);
    jdbc.sql("update sftp_account set password_hash = ?, password_set_at = ? where id = ?")
        .params(bcrypt.encode(password), Timestamp.from(clock.instant()), id)
        .update();
    return new IssuedSecret(username, password);
  }

  /** Adds a public key to an account. */
  public String addKey(String district, String username, String publicKey) {
    long id = activeId(district, username);
    PublicKey key = parse(publicKey);
    String fingerprint = KeyUtils.getFingerPrint(key);
    boolean known =
        jdbc.sql("select count(*) from sftp_account_key where account_id = ? and fingerprint = ?")
                .params(id, fingerprint)
                .query(Long.class)
                .single()
            > 0;
    if (!known) {
      insertKey(id, key, publicKey.trim(), clock.instant());
    }
    return fingerprint;
  }

  /** Revokes an account: it can no longer sign in, and stays listed as revoked. */
  public void revoke(String district, String username) {
    long id = activeId(district, username);
    jdbc.sql("update sftp_account set revoked_at = ? where id = ?")
        .params(Timestamp.from(clock.instant()), id)
        .update();
  }

  public List<SftpAccount> list(String district) {
    requireDistrict(district);
    return jdbc.sql(
            "select a.username, a.district, a.password_hash is not null, a.created_at,"
                + " a.password_set_at, a.revoked_at, a.last_login_at,"
                + " coalesce(array_to_string(array(select k.fingerprint from sftp_account_key k"
                + " where k.account_id = a.id order by k.added_at), ' '), '')"
                + " from sftp_account a where a.district = ? order by a.username")
        .param(district)
        .query(
            (rs, i) ->
                new SftpAccount(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getBoolean(3),
                    rs.getString(8).isEmpty() ? List.of() : List.of(rs.getString(8).split(" ")),
                    instant(rs.getTimestamp(4)),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7))))
        .list();
  }

  /** The district an active account opens, if the password is right. */
  public Optional<String> checkPassword(String username, String password) {
    Optional<Row> row = find(username).filter(r -> r.revokedAt == null);
    String hash = row.map(r -> r.passwordHash).orElse(null);
    boolean matches = bcrypt.matches(password, hash == null ? decoyHash : hash);
    return matches && hash != null ? row.map(r -> r.district) : Optional.empty();
  }

  /** The district an active account opens, if the key is one of the account's. */
  public Optional<String> checkKey(String username, PublicKey offered) {
    Optional<Row> row = find(username).filter(r -> r.revokedAt == null);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<String> keys =
        jdbc.sql("select public_key from sftp_account_key where account_id = ?")
            .param(row.get().id)
            .query(String.class)
            .list();
    for (String text : keys) {
      if (KeyUtils.compareKeys(parse(text), offered)) {
        return Optional.of(row.get().district);
      }
    }
    return Optional.empty();
  }

  public void markLogin(String username) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "update sftp_account set last_login_at = ?,"
                + " first_login_at = coalesce(first_login_at, ?) where username = ?")
        .params(now, now, username)
        .update();
  }

  private record Row(long id, String district, String passwordHash, Instant revokedAt) {}

  private Optional<Row> find(String username) {
    return jdbc.sql(
            "select id, district, password_hash, revoked_at from sftp_account where username = ?")
        .param(username)
        .query(
            (rs, i) ->
                new Row(
                    rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))))
        .optional();
  }

  private long activeId(String district, String username) {
    Row row =
        find(username)
            .filter(r -> r.district.equals(district))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "District " + district + " has no SFTP user " + username));
    if (row.revokedAt != null) {
      throw new IllegalArgumentException("SFTP user " + username + " is revoked");
    }
    return row.id;
  }

  private String freeName(String district) {
    if (find(district).isEmpty()) {
      return district;
    }
    for (int n = 2; ; n++) {
      if (find(district + "-" + n).isEmpty()) {
        return district + "-" + n;
      }
    }
  }

  private void insertKey(long accountId, PublicKey key, String text, Instant now) {
    jdbc.sql(
            "insert into sftp_account_key (account_id, fingerprint, public_key, added_at)"
                + " values (?, ?, ?, ?)")
        .params(accountId, KeyUtils.getFingerPrint(key), text, Timestamp.from(now))
        .update();
  }

  private void requireDistrict(String district) {
    if (districts.find(district).isEmpty()) {
      throw new IllegalArgumentException("Unknown district '" + district + "'");
    }
  }

  /** Parses one line of an OpenSSH public key file ({@code ssh-ed25519 AAAA... comment}). */
  static PublicKey parse(String text) {
    String line = text.trim();
    try {
      AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
      if (entry == null) {
        throw new IllegalArgumentException("The public key file is empty");
      }
      return entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Not an OpenSSH public key (expected a line such as 'ssh-ed25519 AAAA... name'): "
              + e.getMessage(),
          e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
