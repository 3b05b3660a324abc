package org.pathways.hub.alert;

import java.util.List;

/**
 * Who hears about a district's nights.
 *
 * @param toContacts whether the district's contacts (its portal users) are mailed
 * @param extraEmails more addresses mailed with them, such as the district's help desk
 * @param engineer the engineer who answers for the district, told on escalation; null for every
 *     engineer
 * @param webhookHint the webhook URL with its secret part hidden, or null when there is none
 */
public record AlertSettings(
    String district,
    boolean emailEnabled,
    boolean toContacts,
    List<String> extraEmails,
    String engineer,
    boolean webhookEnabled,
    String webhookHint) {

  public AlertSettings {
    extraEmails = List.copyOf(extraEmails);
  }

  /** What a district has until somebody changes it: mail to its contacts, no webhook. */
  static AlertSettings defaults(String district) {
    return new AlertSettings(district, true, true, List.of(), null, false, null);
  }

  public boolean hasWebhook() {
    return webhookHint != null;
  }
}
