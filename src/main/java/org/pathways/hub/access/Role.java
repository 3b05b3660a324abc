package org.pathways.hub.access;

/** What a person signed in to the portal may see and do. */
public enum Role {
  /** Everything an engineer does, and managing the people who sign in. */
  ADMIN,
  /** A Pathways Data Integrations Engineer: every district, its settings, held runs, approvals. */
  ENGINEER,
  /** A district's technical contact: their own district only. */
  DISTRICT_CONTACT;

  /** Whether this role sees every district rather than one. */
  public boolean staff() {
    return this != DISTRICT_CONTACT;
  }
}
