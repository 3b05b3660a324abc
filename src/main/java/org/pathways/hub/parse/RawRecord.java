package org.pathways.hub.parse;

import java.util.List;

/**
 * One record of a delimited file as read, before any mapping.
 *
 * @param line the physical line on which the record starts (1 is the first line of the file)
 * @param fields the field values, unquoted
 * @param problem what made the record unreadable, or null
 * @param problemField the 0-based field in which the problem starts, or -1
 */
public record RawRecord(long line, List<String> fields, Problem problem, int problemField) {

  public RawRecord {
    fields = List.copyOf(fields);
  }

  static RawRecord ok(long line, List<String> fields) {
    return new RawRecord(line, fields, null, -1);
  }

  static RawRecord broken(long line, Problem problem, int field) {
    return new RawRecord(line, List.of(), problem, field);
  }

  public boolean isBroken() {
    return problem != null;
  }

  /** Why a record could not be read. */
  public enum Problem {
    /** The record is longer than the limit; it was skipped up to the next line end. */
    LINE_TOO_LONG,
    /** A quoted field was opened and never closed before the end of the file. */
    UNBALANCED_QUOTE
  }
}
