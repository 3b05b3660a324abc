package org.pathways.hub.alert;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.vault.DistrictSecrets;
import org.pathways.hub.vault.WrappedKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each district's alert settings and each engineer's choice of the morning digest. The webhook
 * address is kept encrypted by the master key, bound to its district, and read back only to post.
 */
@Repository
public class AlertSettingsStore {

  private final JdbcClient jdbc;
  private static final DistrictSecrets.Kind WEBHOOK =
      new DistrictSecrets.Kind("pathways-hub alert webhook ", "webhook address");

  private final DistrictSecrets secrets;
  private final PortalUsers users;
  private final Clock clock;

  public AlertSettingsStore(
      JdbcClient jdbc, DistrictSecrets secrets, PortalUsers users, Clock clock) {
    this.jdbc = jdbc;
    this.secrets = secrets;
    this.users = users;
    this.clock = clock;
  }

  public AlertSettings get(String district) {
    return jdbc.sql(
            "select email_enabled, to_contacts, extra_emails, engineer, webhook_enabled, webhook_hint"
                + " from alert_setting where district = ?")
        .param(district)
        .query(
            (rs, n) ->
                new AlertSettings(
                    district,
                    rs.getBoolean(1),
                    rs.getBoolean(2),
                    emails(rs.getString(3)),
                    rs.getString(4),
                    rs.getBoolean(5),
                    rs.getString(6)))
        .optional()
        .orElseGet(() -> AlertSettings.defaults(district));
  }

  /** A change to a district's settings, as the alert settings page sends it. */
  public record Change(
      boolean emailEnabled,
      boolean toContacts,
      String extraEmails,
      String engineer,
      boolean webhookEnabled,
      String webhookUrl,
      boolean removeWebhook) {}

  /**
   * Saves a district's settings. A blank webhook address keeps the one stored (the page never shows
   * it back), unless {@code removeWebhook}.
   *
   * @return the settings now in force
   * @throws IllegalArgumentException for an address that is not one, an engineer who is not one, or
   *     a webhook switched on without an address
   */
  public AlertSettings save(String district, Change c, String by) {
    List<String> extra = new ArrayList<>();
    for (String e : splitEmails(c.extraEmails())) {
      extra.add(PortalUsers.normalize(e));
    }
    String engineer = null;
    if (c.engineer() != null && !c.engineer().isBlank()) {
      engineer = PortalUsers.normalize(c.engineer());
      Optional<PortalUser> u = users.find(engineer);
      if (u.isEmpty() || !u.get().role().staff() || u.get().disabled()) {
        throw new IllegalArgumentException(
            engineer + " is not an engineer who signs in to the portal");
      }
    }
    AlertSettings before = get(district);
    boolean keepWebhook =
        !c.removeWebhook() && (c.webhookUrl() == null || c.webhookUrl().isBlank());
    byte[] cipher = null;
    String version = null;
    String hint = null;
    if (!c.removeWebhook() && !keepWebhook) {
      WebhookUrl url = WebhookUrl.parse(c.webhookUrl());
      WrappedKey w = secrets.seal(WEBHOOK, district, url.uri().toString());
      cipher = w.ciphertext();
      version = w.masterVersion();
      hint = url.hint();
    }
    boolean hasWebhook = keepWebhook ? before.hasWebhook() : hint != null;
    if (c.webhookEnabled() && !hasWebhook) {
      throw new IllegalArgumentException("Give the webhook address before switching it on");
    }
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "insert into alert_setting (district, email_enabled, to_contacts, extra_emails, engineer,"
                + " webhook_enabled, webhook_url, webhook_master_version, webhook_hint, updated_by,"
                + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (district) do update set email_enabled = excluded.email_enabled,"
                + " to_contacts = excluded.to_contacts, extra_emails = excluded.extra_emails,"
                + " engineer = excluded.engineer, webhook_enabled = excluded.webhook_enabled,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .params(
            district,
            c.emailEnabled(),
            c.toContacts(),
            String.join("\n", extra),
            engineer,
            c.webhookEnabled(),
            cipher,
            version,
            hint,
            by,
            now)
        .update();
    if (!keepWebhook) {
      // The insert above keeps a stored address on conflict; a new or removed one is written here.
      jdbc.sql(
              "update alert_setting set webhook_url = ?, webhook_master_version = ?, webhook_hint = ?"
                  + " where district = ?")
          .params(cipher, version, hint, district)
          .update();
    }
    return get(district);
  }

  /** The district's webhook address, when it has one switched on. */
  Optional<WebhookUrl> webhook(String district) {
    return jdbc.sql(
            "select webhook_url from alert_setting where district = ? and webhook_enabled"
                + " and webhook_url is not null")
        .param(district)
        .query((rs, n) -> rs.getBytes(1))
        .optional()
        .map(cipher -> WebhookUrl.parse(secrets.open(WEBHOOK, district, cipher)));
  }

  /** Whether a member of staff gets the morning digest: engineers unless they said no. */
  public boolean wantsDigest(PortalUser u) {
    if (!u.role().staff() || u.disabled()) {
      return false;
    }
    return jdbc.sql("select wanted from alert_digest_choice where email = ?")
        .param(u.email())
        .query(Boolean.class)
        .optional()
        .orElse(u.role() == Role.ENGINEER);
  }

  public void setDigest(String email, boolean wanted) {
    jdbc.sql(
            "insert into alert_digest_choice (email, wanted, updated_at) values (?, ?, ?)"
                + " on conflict (email) do update set wanted = excluded.wanted,"
                + " updated_at = excluded.updated_at")
        .params(PortalUsers.normalize(email), wanted, Timestamp.from(clock.instant()))
        .update();
  }

  static List<String> emails(String stored) {
    return stored == null || stored.isBlank() ? List.of() : List.of(stored.split("\n"));
  }

  private static Set<String> splitEmails(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text != null) {
      Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank()).forEach(out::add);
    }
    return out;
  }
}
