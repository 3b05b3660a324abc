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

  /** Whether each record's line is hashed; see {@link #hashLines}. */
  private boolean hashing;

  private long seed;
  private Lookup known;

  /**
   * Lines read ahead within the buffer, hashed and looked up together ({@link #scanAhead}): on a
   * night when nearly every line is known, a lookup is a few cache misses into an index of
   * millions, and a batch of them overlaps those instead of waiting on each in turn.
   */
  private static final int AHEAD = 32;

  private final int[] aheadEol = new int[AHEAD];
  private final long[] aheadHash = new long[AHEAD];
  private final int[] aheadRecord = new int[AHEAD];
  private int aheadCount;
  private int aheadNext;

  /** Finds the records that lines with these hashes made before. */
  @FunctionalInterface
  public interface Lookup {
    /**
     * Sets {@code records[i]} to the record a line with hash {@code hashes[i]} made, or -1, for
     * each {@code i < n}. Runs on the thread that reads.
     */
    void find(long[] hashes, int n, int[] records);
  }

  public DelimitedReader(Reader in, char delimiter, int maxRecordChars) {
    this.in = in;
    this.delimiter = delimiter;
    this.maxRecordChars = maxRecordChars;
  }

  /** The physical line the reader has reached, counting the lines inside quoted fields. */
  public long line() {
    return line;
  }

  /**
   * From the next record on, hashes the text of each line (without its line end) before splitting
   * it, seeded with {@code seed}, and asks {@code known} whether a line with that hash made a
   * record before: such a line comes back as {@link RawRecord#isKnown() known}, unsplit. Any other
   * record that is exactly one whole line carries the hash, for the record it makes to keep; one
   * that is not (a quoted line break, a lone CR, a line longer than the buffer) carries none, and
   * so is never recognised: the same text always reads as the same record.
   *
   * @param known the records line hashes name, looked up a few lines at a time
   */
  public void hashLines(long seed, Lookup known) {
    this.hashing = true;
    this.seed = seed;
    this.known = known;
  }

  /** The next record, or null at the end of the input. */
  public RawRecord next() {
    while (true) {
      if (aheadNext == aheadCount) {
        if (!fill()) {
          return null;
        }
        if (!hashing || !scanAhead()) {
          // Not hashed, or a line that runs past the buffer (read on its own, or unhashed when
          // it is longer than the buffer).
          int eol = hashing ? lineEnd() : -1;
          if (eol < 0) {
            RawRecord rec = readRecord(line);
            if (rec == null) {
              continue; // blank line
            }
            return rec;
          }
          ahead(0, pos, eol);
          lookUp(1);
        }
      }
      RawRecord rec = nextAhead();
      if (rec != null) {
        return rec;
      }
    }
  }

  /**
   * Hashes the whole lines that follow {@code pos} within the buffer, up to {@value #AHEAD}, and
   * looks them up together; {@link #nextAhead} then takes them one by one. False when no line ends
   * within the buffer.
   */
  private boolean scanAhead() {
    int n = 0;
    int from = pos;
    for (int eol; n < AHEAD && (eol = lf(from)) >= 0; n++) {
      ahead(n, from, eol);
      from = eol + 1;
    }
    if (n == 0) {
      return false;
    }
    lookUp(n);
    return true;
  }

  /**
   * Puts the line {@code [from, eol)} at place {@code n} of the lines read ahead, with the hash of
   * its text without its line end.
   */
  private void ahead(int n, int from, int eol) {
    int end = eol < len && eol > from && buf[eol - 1] == '\r' ? eol - 1 : eol;
    aheadEol[n] = eol;
    aheadHash[n] = hash(seed, buf, from, end);
  }

  /** Looks up the first {@code n} lines read ahead, which {@link #nextAhead} then takes. */
  private void lookUp(int n) {
    known.find(aheadHash, n, aheadRecord);
    aheadCount = n;
    aheadNext = 0;
  }

  /**
   * The next of the lines read ahead, which starts at {@code pos}; null for a blank line. A record
   * that runs past its line (a quoted line break) makes the lines read ahead after it no lines of
   * their own: they are let go, and read again from where the record ended.
   */
  private RawRecord nextAhead() {
    int k = aheadNext++;
    long start = line;
    int eol = aheadEol[k];
    boolean lastLine = eol == len;
    int after = lastLine ? len : eol + 1;
    long hash = aheadHash[k];
    if (aheadRecord[k] >= 0) {
      pos = after;
      line++;
      return RawRecord.known(start, hash, aheadRecord[k]);
    }
    RawRecord rec = readRecord(start);
    // Whole when the record ended at this line's end: neither sooner (a lone CR) nor later (a
    // quoted line break, after which the buffer may have been refilled).
    boolean whole = lastLine ? pos == len && line == start : pos == after && line == start + 1;
    if (!whole) {
      aheadCount = 0;
      aheadNext = 0;
    }
    if (rec == null) {
      return null;
    }
    return whole && !rec.isBroken() ? rec.withLineHash(hash) : rec;
  }

  /** The index of the first LF at or after {@code from} within the buffer, or -1. */
  private int lf(int from) {
    for (int i = from; i < len; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where the line at {@code pos} ends: the index of its LF, or {@code len} when the input ends
   * without one. Moves the line to the buffer's start and reads on when it runs past the buffer's
   * end; -1 when it is longer than the buffer.
   */
  private int lineEnd() {
    int from = pos;
    while (true) {
      int eol = lf(from);
      if (eol >= 0) {
        return eol;
      }
      if (eof) {
        return len;
      }
      if (pos == 0 && len == buf.length) {
        return -1;
      }
      from = len - pos;
      int rest = len - pos;
      System.arraycopy(buf, pos, buf, 0, rest);
      pos = 0;
      len = rest;
      readMore();
    }
  }

  private static final long K1 = 0x9E3779B97F4A7C15L;
  private static final long K2 = 0xC2B2AE3D27D4EB4FL;

  /**
   * A 64-bit hash of {@code chars[from, to)}, four chars a step. Each step is a bijection of the
   * state for a given group of chars and of the group for a given state, so two lines of one length
   * that differ in one group never collide; other pairs collide with a chance of about 2^-64, which
   * for a district's eight million lines a night is about one night in 10^12. Never 0, which means
   * no hash.
   */
  static long hash(long seed, char[] chars, int from, int to) {
    long h = seed;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      long group =
          chars[i]
              | (long) chars[i + 1] << 16
              | (long) chars[i + 2] << 32
              | (long) chars[i + 3] << 48;
      h = Long.rotateLeft((h ^ group) * K1, 29) * K2;
    }
    long group = 0;
    for (int shift = 0; i < to; i++, shift += 16) {
      group |= (long) chars[i] << shift;
    }
    h = Long.rotateLeft((h ^ group) * K1, 29) * K2;
    h ^= to - from;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
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
    pos = 0;
    len = 0;
    readMore();
    return len > 0;
  }

  /** Reads on into the buffer after {@code len}, up to its end; at the input's end, sets eof. */
  private void readMore() {
    try {
      int n = in.read(buf, len, buf.length - len);
      if (n <= 0) {
        eof = true;
      } else {
        len += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
