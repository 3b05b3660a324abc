package org.pathways.hub.receive.pull.powerschool;

import java.util.Objects;

/** A PowerSchool plugin's client secret: it never prints itself. */
public final class ClientSecret {

  private final String value;

  public ClientSecret(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("The client secret is empty");
    }
    this.value = value.strip();
  }

  /** The secret itself, only to sign in to PowerSchool or to encrypt it. */
  String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientSecret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "ClientSecret[hidden]";
  }
}
