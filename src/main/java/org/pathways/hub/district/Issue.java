package org.pathways.hub.district;

import java.util.Objects;

/**
 * One error or warning about a received file, precise enough for a district IT person to act on.
 *
 * @param severity error, warning or info
 * @param code the stable code
 * @param line the physical line in the file (1 is the header line), or 0 for the whole file
 * @param column the column as the file names it, or null
 * @param value the offending value as received (cut to {@value #MAX_VALUE} characters), or null
 * @param message what is wrong and what to do, in a sentence
 */
public record Issue(
    Severity severity, IssueCode code, long line, String column, String value, String message) {

  public static final int MAX_VALUE = 120;

  public Issue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (value != null && value.length() > MAX_VALUE) {
      value = value.substring(0, MAX_VALUE) + "…";
    }
  }

  public static Issue of(IssueCode code, long line, String column, String value, String message) {
    return new Issue(code.defaultSeverity(), code, line, column, value, message);
  }

  public static Issue file(IssueCode code, String message) {
    return new Issue(code.defaultSeverity(), code, 0, null, null, message);
  }

  public Issue withSeverity(Severity newSeverity) {
    return new Issue(newSeverity, code, line, column, value, message);
  }
}
