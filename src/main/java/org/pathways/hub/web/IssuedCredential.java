package org.pathways.hub.web;

import java.io.Serializable;

/**
 * A credential just made, carried to the one page after the redirect that shows it: a flash
 * attribute lives in the session until that page is rendered, and is gone after.
 *
 * @param what what was made, such as "SFTP account" or "API key"
 * @param name the account's user name or the key's prefix
 * @param secret the password or key, or null for a key-only account
 * @param connection a line the district can paste to connect
 */
record IssuedCredential(String what, String name, String secret, String connection)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String toString() {
    return "IssuedCredential[" + what + " " + name + ", secret=****]";
  }
}
