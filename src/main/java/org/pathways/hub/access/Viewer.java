package org.pathways.hub.access;

import java.util.Objects;

/**
 * The person a page is rendered for, and the one rule every page and download follows: staff see
 * every district, a district contact only their own.
 */
public record Viewer(String email, Role role, String district) implements java.io.Serializable {

  public Viewer {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    if (role.staff() != (district == null)) {
      throw new IllegalArgumentException(
          "A district contact belongs to exactly one district; staff to none");
    }
  }

  public boolean staff() {
    return role.staff();
  }

  public boolean admin() {
    return role == Role.ADMIN;
  }

  public boolean canSee(String districtCode) {
    return staff() || district.equals(districtCode);
  }
}
