package org.pathways.hub.receive.pull.powerschool;

import java.util.Objects;

/**
 * Who publishes the plugin, as PowerSchool's plugin page shows it. PowerSchool's schema limits the
 * name to 100 characters and the e-mail address to 40.
 *
 * @param name the publisher's name
 * @param email the contact address for the district's PowerSchool administrator
 */
public record Publisher(String name, String email) {

  static final int MAX_NAME = 100;
  static final int MAX_EMAIL = 40;

  public Publisher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "The plugin's publisher name must be 1 to "
              + MAX_NAME
              + " characters, not '"
              + name
              + "'");
    }
    if (email.length() > MAX_EMAIL || !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException(
          "The plugin's contact e-mail must be an address of at most "
              + MAX_EMAIL
              + " characters, not '"
              + email
              + "'");
    }
  }
}
