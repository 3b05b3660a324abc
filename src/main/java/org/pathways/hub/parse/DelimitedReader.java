package org.pathways.hub.parse;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams RFC 4180 records from a reader: quoted fields may hold the delimiter, doubled quotes and
 * line breaks; CRLF and LF are both line ends; empty and blank lines are skipped. Memory is bounded
 * by {@code maxRecordChars}: a longer record is reported and skipped, never buffered whole.
 *
 * <p>Written here rather than taken from a CSV library because the error report needs the physical
 * line on which each record starts, the field in which a quote was left open, and a bounded skip
 * over a runaway line, which the libraries do not expose.
 */
public final class DelimitedReader {

  private static final char QUOTE = '"';
  private static final int BUFFER = 1 << 16;

  private final Reader in;
  private final char delimiter;
  private final int maxRecordChars;
  private final char[] buf = new char[BUFFER];
  private int pos;
  private int len;
  private boolean eof;
  private long line = 1;

  /** Fields of the last record read, to size the next one's list. */
  private int lastFields = 8;

  private final StringBuilder field = new StringBuilder(64);

  public DelimitedReader(Reader in, char delimiter, int maxRecordChars) {
    this.in = in;
    this.delimiter = delimiter;
    this.maxRecordChars = maxRecordChars;
  }

  /** The physical line the reader has reached, counting the lines inside quoted fields. */
  public long line() {
    return line;
  }

  /** The next record, or null at the end of the input. */
  public RawRecord next() {
    while (true) {
      if (!fill()) {
        return null;
      }
      long start = line;
      RawRecord rec = readRecord(start);
      if (rec == null) {
        continue; // blank line
      }
      return rec;
    }
  }

  private RawRecord readRecord(long start) {
    List<String> fields = new ArrayList<>(lastFields);
    field.setLength(0);
    int recordChars = 0;
    boolean quoted = false;
    boolean fieldStarted = false;
    boolean anyContent = false;
    while (true) {
      int end = !quoted && !fieldStarted && field.length() == 0 ? plainFieldEnd() : -1;
      if (end >= 0 && recordChars + (end - pos) + 1 <= maxRecordChars) {
        // Nearly every field is unquoted and ends within the buffer: it is taken whole, as one
        // string of the buffer's chars, rather than a char at a time. Anything else (a quote, the
        // buffer's end, the record's limit) is read by the loop below from the field's start.
        char c = buf[end];
        String value = new String(buf, pos, end - pos);
        recordChars += end - pos + 1;
        pos = end + 1;
        if (c == delimiter) {
          fields.add(value);
          anyContent = true;
          continue;
        }
        if (c == '\r' && peek() == '\n') {
          pos++;
        }
        line++;
        if (!anyContent && fields.isEmpty() && value.isBlank()) {
          return null;
        }
        fields.add(value);
        lastFields = fields.size();
        return RawRecord.ok(start, fields);
      }
      if (pos >= len && !fill()) {
        if (quoted) {
          return RawRecord.broken(start, RawRecord.Problem.UNBALANCED_QUOTE, fields.size());
        }
        if (!anyContent && fields.isEmpty() && field.toString().isBlank()) {
          return null;
        }
        fields.add(field.toString());
        return RawRecord.ok(start, fields);
      }
      char c = buf[pos++];
      if (++recordChars > maxRecordChars) {
        boolean wasQuoted = quoted;
        skipToLineEnd();
        return RawRecord.broken(
            start,
            wasQuoted ? RawRecord.Problem.UNBALANCED_QUOTE : RawRecord.Problem.LINE_TOO_LONG,
            fields.size());
      }
      if (quoted) {
        if (c == QUOTE) {
          if (peek() == QUOTE) {
            pos++;
            field.append(QUOTE);
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        anyContent = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') {
          pos++;
        }
        line++;
        if (!anyContent && fields.isEmpty() && field.toString().isBlank()) {
          return null;
        }
        fields.add(field.toString());
        return RawRecord.ok(start, fields);
      } else if (c == QUOTE && !fieldStarted && field.toString().isBlank()) {
        // Leading blanks before an opening quote are dropped, as most exporters pad that way.
        field.setLength(0);
        quoted = true;
        fieldStarted = true;
        anyContent = true;
      } else {
        field.append(c);
        fieldStarted = fieldStarted || c != ' ';
        anyContent = anyContent || !Character.isWhitespace(c);
      }
    }
  }

  /**
   * Where the unquoted field at {@code pos} ends (its delimiter or line end) within the buffer, or
   * -1 when it holds a quote or runs past the buffer.
   */
  private int plainFieldEnd() {
    for (int i = pos; i < len; i++) {
      char c = buf[i];
      if (c == delimiter || c == '\n' || c == '\r') {
        return i;
      }
      if (c == QUOTE) {
        return -1;
      }
    }
    return -1;
  }

  private void skipToLineEnd() {
    while (pos < len || fill()) {
      char c = buf[pos++];
      if (c == '\n') {
        line++;
        return;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          pos++;
        }
        line++;
        return;
      }
    }
  }

  private int peek() {
    if (pos >= len && !fill()) {
      return -1;
    }
    return buf[pos];
  }

  private boolean fill() {
    if (pos < len) {
      return true;
    }
    if (eof) {
      return false;
    }
    try {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        eof = true;
        return false;
      }
      pos = 0;
      len = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
