package org.pathways.hub.access;

/**
 * A credential just created or rotated, with its secret: shown once to the person who asked, and
 * never stored or logged in clear.
 *
 * @param name the account's user name or the key's prefix
 * @param secret the password or API key, or null for an account that signs in with keys only
 */
public record IssuedSecret(String name, String secret) {

  @Override
  public String toString() {
    return "IssuedSecret[name=" + name + ", secret=****]";
  }
}
