package org.pathways.hub.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Repository;

/** The people who sign in to the portal; their passwords are kept as bcrypt hashes only. */
@Repository
public class PortalUsers {

  /** Long enough that a generated password is not worth guessing, short enough to type. */
  static final int GENERATED_LENGTH = 20;

  /** A chosen password shorter than this is refused (NIST SP 800-63B asks for at least 8). */
  public static final int MIN_LENGTH = 12;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(12);

  public PortalUsers(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The password encoder sign-in checks against; the same cost as the hashes written here. */
  public BCryptPasswordEncoder encoder() {
    return bcrypt;
  }

  /**
   * Adds a person. With a null password one is generated and returned once.
   *
   * @throws IllegalArgumentException when the email is taken or malformed, the district unknown, or
   *     the password too short
   */
  public IssuedSecret add(String email, Role role, String district, String password) {
    String normalized = normalize(email);
    if (role.staff() && district != null) {
      throw new IllegalArgumentException(
          "Only a DISTRICT_CONTACT belongs to a district; leave out --district for " + role);
    }
    if (!role.staff()) {
      if (district == null) {
        throw new IllegalArgumentException("A DISTRICT_CONTACT needs --district CODE");
      }
      boolean known =
          jdbc.sql("select count(*) from district where code = ?")
                  .param(district)
                  .query(Long.class)
                  .single()
              > 0;
      if (!known) {
        throw new IllegalArgumentException("No district with code '" + district + "'");
      }
    }
    if (find(normalized).isPresent()) {
      throw new IllegalArgumentException("Somebody already signs in as " + normalized);
    }
    String secret = password == null ? Secrets.random(GENERATED_LENGTH) : checked(password);
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "insert into portal_user (email, password_hash, role, district, created_at, password_set_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(normalized, bcrypt.encode(secret), role.name(), district, now, now)
        .update();
    return new IssuedSecret(normalized, password == null ? secret : null);
  }

  /** Sets a new password; with null, generates one and returns it once. */
  public IssuedSecret resetPassword(String email, String password) {
    String normalized = normalize(email);
    String secret = password == null ? Secrets.random(GENERATED_LENGTH) : checked(password);
    int n =
        jdbc.sql("update portal_user set password_hash = ?, password_set_at = ? where email = ?")
            .params(bcrypt.encode(secret), Timestamp.from(clock.instant()), normalized)
            .update();
    if (n == 0) {
      throw new IllegalArgumentException("Nobody signs in as " + normalized);
    }
    return new IssuedSecret(normalized, password == null ? secret : null);
  }

  /** Stops a person from signing in; their history stays. */
  public void disable(String email) {
    int n =
        jdbc.sql("update portal_user set disabled_at = ? where email = ? and disabled_at is null")
            .params(Timestamp.from(clock.instant()), normalize(email))
            .update();
    if (n == 0) {
      throw new IllegalArgumentException("No active person signs in as " + normalize(email));
    }
  }

  public Optional<PortalUser> find(String email) {
    return jdbc.sql(SELECT + " where email = ?")
        .param(normalize(email))
        .query(PortalUsers::map)
        .optional();
  }

  public List<PortalUser> list() {
    return jdbc.sql(SELECT + " order by role, district nulls first, email")
        .query(PortalUsers::map)
        .list();
  }

  /** The stored hash, for sign-in only. */
  public Optional<String> passwordHash(String email) {
    return jdbc.sql("select password_hash from portal_user where email = ? and disabled_at is null")
        .param(normalize(email))
        .query(String.class)
        .optional();
  }

  public void markSignIn(String email) {
    jdbc.sql("update portal_user set last_sign_in_at = ? where email = ?")
        .params(Timestamp.from(clock.instant()), normalize(email))
        .update();
  }

  /** Emails are compared without case: people type them both ways. */
  public static String normalize(String email) {
    String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(e).matches()) {
      throw new IllegalArgumentException("Not an email address: '" + email + "'");
    }
    return e;
  }

  private static String checked(String password) {
    if (password.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "A password needs at least " + MIN_LENGTH + " characters; leave it out to generate one");
    }
    return password;
  }

  private static final String SELECT =
      "select id, email, role, district, created_at, last_sign_in_at, disabled_at is not null from portal_user";

  private static PortalUser map(ResultSet rs, int n) throws SQLException {
    Timestamp last = rs.getTimestamp(6);
    return new PortalUser(
        rs.getLong(1),
        rs.getString(2),
        Role.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getTimestamp(5).toInstant(),
        last == null ? null : last.toInstant(),
        rs.getBoolean(7));
  }
}
