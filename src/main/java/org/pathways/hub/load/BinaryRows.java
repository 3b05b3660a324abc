package org.pathways.hub.load;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import org.pathways.hub.district.FieldType;

/**
 * Rows written for {@code COPY ... FROM STDIN (FORMAT binary)}: each value as the database keeps
 * it, so the server only copies bytes into the row. In text form it parsed every value back: two
 * {@code uuid}s a row (sixteen {@code strtoul} calls each), numbers, dates and flags, about a third
 * of the server's time on a large load (19 s against 13 s for 6.7 M grades, docs/benchmarks.md).
 *
 * <p>A value is the canonical text the validator made of it; one a type cannot hold ends the load
 * with the line and column, as the server's own parse of the text did.
 */
final class BinaryRows {

  /** Days from 1970-01-01 to 2000-01-01, the database's epoch for dates. */
  private static final long PG_EPOCH_DAY = 10_957;

  private static final int NUMERIC_NEG = 0x4000;

  /** The largest display scale a numeric keeps. */
  private static final int NUMERIC_DSCALE_MAX = 0x3fff;

  private final OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int pos;

  /**
   * A numeric's base-10000 digits, kept between values: one array a value was 3 % of a load's
   * garbage.
   */
  private int[] digitGroups = new int[8];

  /** The row being written, for the message of a value its column cannot hold. */
  private long line;

  BinaryRows(OutputStream out) throws IOException {
    this.out = out;
    out.write(UuidCopy.SIGNATURE);
    putInt(0); // flags
    putInt(0); // header extension length
  }

  /** Starts a row of {@code columns} values, read from line {@code line} of the file. */
  void row(int columns, long line) throws IOException {
    this.line = line;
    room(2);
    putShort(columns);
  }

  void nul() throws IOException {
    room(4);
    putInt(-1);
  }

  void int8(long v) throws IOException {
    room(12);
    putInt(8);
    putLong(v);
  }

  void bool(boolean v) throws IOException {
    room(5);
    putInt(1);
    buf[pos++] = (byte) (v ? 1 : 0);
  }

  /** A {@code uuid} from the 16 bytes of a digest, in order. */
  void uuid(byte[] digest) throws IOException {
    room(20);
    putInt(16);
    System.arraycopy(digest, 0, buf, pos, 16);
    pos += 16;
  }

  /** A {@code uuid} of two longs, high first. */
  void uuid(long hi, long lo) throws IOException {
    room(20);
    putInt(16);
    putLong(hi);
    putLong(lo);
  }

  /**
   * A field's canonical value, or null, as its type is stored.
   *
   * @param column the field's name, for the message of a value it cannot hold
   */
  void value(FieldType type, String v, String column) throws IOException {
    if (v == null) {
      nul();
      return;
    }
    try {
      switch (type) {
        case DATE -> date(v);
        case DECIMAL -> numeric(v);
        case INTEGER, SCHOOL_YEAR -> int4(Integer.parseInt(v.trim()));
        case FLAG -> bool(flag(v));
        default -> text(v);
      }
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException unused) {
      // The value is the district's data, so only where it stands is told, and the parser's own
      // message, which quotes it, is not kept.
      throw new IllegalArgumentException(
          "Line " + line + ": the value of " + column + " is not a valid " + type.sqlType());
    }
  }

  /** Text as UTF-8, without NUL characters, which the database's text cannot hold. */
  void text(String v) throws IOException {
    room(4 + Utf8.MAX_BYTES_PER_CHAR * v.length());
    int at = pos;
    pos = Utf8.put(v, buf, at + 4, true);
    int len = pos - at - 4;
    buf[at] = (byte) (len >>> 24);
    buf[at + 1] = (byte) (len >>> 16);
    buf[at + 2] = (byte) (len >>> 8);
    buf[at + 3] = (byte) len;
  }

  private void int4(int v) throws IOException {
    room(8);
    putInt(4);
    putInt(v);
  }

  /** A date as days from 2000-01-01; the validator writes it as YYYY-MM-DD. */
  private void date(String v) throws IOException {
    LocalDate d;
    if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
      d =
          LocalDate.of(
              Integer.parseInt(v, 0, 4, 10),
              Integer.parseInt(v, 5, 7, 10),
              Integer.parseInt(v, 8, 10, 10));
    } else {
      d = LocalDate.parse(v.trim());
    }
    room(8);
    putInt(4);
    putInt(Math.toIntExact(d.toEpochDay() - PG_EPOCH_DAY));
  }

  /** What the database reads as true or false in a boolean's text. */
  private static boolean flag(String v) {
    if (v.length() == 1) {
      switch (v.charAt(0)) {
        case 't', 'T', 'y', 'Y', '1' -> {
          return true;
        }
        case 'f', 'F', 'n', 'N', '0' -> {
          return false;
        }
        default -> {
          // not a one-letter flag
        }
      }
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1" -> true;
      case "f", "false", "n", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  /**
   * A decimal as the database's numeric: its sign, its digits in base 10,000 around the decimal
   * point (the weight is the power of the first), and its display scale, the number of digits
   * written after the point, which the database keeps ({@code 0.50} stays {@code 0.50}).
   */
  private void numeric(String text) throws IOException {
    String v = text.trim();
    int start = 0;
    boolean negative = false;
    if (!v.isEmpty() && (v.charAt(0) == '-' || v.charAt(0) == '+')) {
      negative = v.charAt(0) == '-';
      start = 1;
    }
    int point = v.indexOf('.', start);
    int intEnd = point < 0 ? v.length() : point;
    int fracStart = point < 0 ? v.length() : point + 1;
    if (!plainDigits(v, start, intEnd)
        || !plainDigits(v, fracStart, v.length())
        || intEnd - start + v.length() - fracStart == 0) {
      // An exponent or other form the validator does not write: made plain first.
      BigDecimal d = new BigDecimal(v);
      String plain = d.toPlainString();
      if (plain.indexOf('E') >= 0 || plain.equals(v)) {
        throw new IllegalArgumentException("not a number");
      }
      numeric(plain);
      return;
    }
    int dscale = v.length() - fracStart;
    if (dscale > NUMERIC_DSCALE_MAX) {
      throw new IllegalArgumentException("too many digits after the point");
    }
    // The integer digits, grouped in fours from the point leftwards: the first group is short.
    while (start < intEnd && v.charAt(start) == '0') {
      start++;
    }
    int intDigits = intEnd - start;
    int intGroups = (intDigits + 3) / 4;
    int fracGroups = (dscale + 3) / 4;
    int count = intGroups + fracGroups;
    if (digitGroups.length < count) {
      digitGroups = new int[Math.max(count, digitGroups.length * 2)];
    }
    int[] groups = digitGroups;
    int g = 0;
    int lead = intDigits - (intGroups - 1) * 4;
    int i = start;
    for (int k = 0; k < intGroups; k++) {
      int take = k == 0 ? lead : 4;
      int d = 0;
      for (int j = 0; j < take; j++) {
        d = d * 10 + (v.charAt(i++) - '0');
      }
      groups[g++] = d;
    }
    // The fraction's digits, grouped in fours from the point rightwards: the last is padded.
    i = fracStart;
    for (int k = 0; k < fracGroups; k++) {
      int d = 0;
      for (int j = 0; j < 4; j++) {
        d = d * 10 + (i < v.length() ? v.charAt(i++) - '0' : 0);
      }
      groups[g++] = d;
    }
    int weight = intGroups - 1;
    int first = 0;
    while (first < count && groups[first] == 0) {
      first++;
      weight--;
    }
    int last = count;
    while (last > first && groups[last - 1] == 0) {
      last--;
    }
    int ndigits = last - first;
    if (ndigits == 0) {
      weight = 0;
      negative = false;
    }
    room(12 + 2 * ndigits);
    putInt(8 + 2 * ndigits);
    putShort(ndigits);
    putShort(weight);
    putShort(negative ? NUMERIC_NEG : 0);
    putShort(dscale);
    for (int k = first; k < last; k++) {
      putShort(groups[k]);
    }
  }

  private static boolean plainDigits(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Ends the rows: the trailer, then everything still held goes to the stream. */
  void finish() throws IOException {
    room(2);
    putShort(-1);
    flush();
  }

  private void flush() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  /** Makes room for {@code n} more bytes, sending what is held first when it would not fit. */
  private void room(int n) throws IOException {
    if (pos + n <= buf.length) {
      return;
    }
    flush();
    if (n > buf.length) {
      buf = new byte[Math.max(n, 2 * buf.length)];
    }
  }

  private void putShort(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
