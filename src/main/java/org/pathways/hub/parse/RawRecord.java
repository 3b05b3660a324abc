package org.pathways.hub.parse;

import java.util.Collections;
import java.util.List;

/**
 * One record of a delimited file as read, before any mapping.
 *
 * @param line the physical line on which the record starts (1 is the first line of the file)
 * @param fields the field values, unquoted
 * @param problem what made the record unreadable, or null
 * @param problemField the 0-based field in which the problem starts, or -1
 * @param lineHash the hash of the record's text when it is one whole line and lines are hashed
 *     ({@link DelimitedReader#hashLines}), else 0
 * @param known the record of the district that a line with this text made before, when it was
 *     recognised and so not split ({@code fields} is then empty), else -1
 */
public record RawRecord(
    long line, List<String> fields, Problem problem, int problemField, long lineHash, int known) {

  public RawRecord {
    // Read-only, not copied: the reader hands over a list it no longer touches, and a copy was two
    // arrays a record, millions of records a file.
    fields = Collections.unmodifiableList(fields);
  }

  static RawRecord ok(long line, List<String> fields) {
    return new RawRecord(line, fields, null, -1, 0, -1);
  }

  static RawRecord broken(long line, Problem problem, int field) {
    return new RawRecord(line, List.of(), problem, field, 0, -1);
  }

  static RawRecord known(long line, long lineHash, int record) {
    return new RawRecord(line, List.of(), null, -1, lineHash, record);
  }

  RawRecord withLineHash(long hash) {
    return new RawRecord(line, fields, problem, problemField, hash, known);
  }

  public boolean isBroken() {
    return problem != null;
  }

  /** Whether the line was recognised as one the district sent before, and not split. */
  public boolean isKnown() {
    return known >= 0;
  }

  /** Why a record could not be read. */
  public enum Problem {
    /** The record is longer than the limit; it was skipped up to the next line end. */
    LINE_TOO_LONG,
    /** A quoted field was opened and never closed before the end of the file. */
    UNBALANCED_QUOTE
  }
}
