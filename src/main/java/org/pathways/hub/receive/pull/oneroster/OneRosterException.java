package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;

/**
 * A OneRoster source that cannot be read, with a message that names the district's source (the
 * address, the file, the column) and says what to do. The cause is kept; no secret is in the text.
 */
public final class OneRosterException extends IOException {

  private static final long serialVersionUID = 1L;

  public OneRosterException(String message) {
    super(message);
  }

  public OneRosterException(String message, Throwable cause) {
    super(message, cause);
  }
}
