package org.pathways.hub.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A read API consumer's service token as engineers and the API see it: its public id, never its
 * secret.
 *
 * @param id the token's public part, which names it in lists and the audit trail
 * @param consumer who uses it, such as {@code pathways}
 * @param allDistricts whether it reads every district, present and future
 * @param districts the districts it reads when not all, in code order
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while it works
 * @param lastUsedAt when it last authenticated a request (to the minute), or null
 */
public record ServiceToken(
    String id,
    String consumer,
    boolean allDistricts,
    List<String> districts,
    Instant createdAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  public ServiceToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumer, "consumer");
    districts = List.copyOf(districts);
  }

  public boolean active() {
    return revokedAt == null;
  }

  /** Whether the token opens a district's data. */
  public boolean mayRead(String district) {
    return allDistricts || districts.contains(district);
  }
}
