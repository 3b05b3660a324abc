package org.pathways.hub.access;

import java.time.Instant;

/**
 * A person who signs in to the portal. The password hash is not part of it, so it cannot leak
 * through a page or a log line.
 *
 * @param district the district a contact is bound to; null for staff
 */
public record PortalUser(
    long id,
    String email,
    Role role,
    String district,
    Instant createdAt,
    Instant lastSignInAt,
    boolean disabled) {

  /** The signed-in view of this person. */
  public Viewer viewer() {
    return new Viewer(email, role, district);
  }
}
