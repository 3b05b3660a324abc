package org.pathways.hub.parse;

import java.io.IOException;
import org.pathways.hub.district.IssueCode;

/** A compressed file that cannot be opened or expands beyond the limits. */
public final class ArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  private final IssueCode code;

  public ArchiveException(IssueCode code, String message) {
    super(message);
    this.code = code;
  }

  public IssueCode code() {
    return code;
  }
}
