package org.pathways.hub.receive;

import java.time.Instant;

/**
 * A district's API key as engineers see it: its public prefix, never its secret.
 *
 * @param prefix the key's first part, which names it in lists and the audit trail
 * @param district the district it uploads for
 * @param label what it is for, such as the script that uses it
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while it works
 * @param lastUsedAt when it last authenticated a request, or null
 */
public record ApiKey(
    String prefix,
    String district,
    String label,
    Instant createdAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
