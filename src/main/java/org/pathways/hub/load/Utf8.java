package org.pathways.hub.load;

/**
 * Text written as UTF-8 straight into a caller's byte array, as {@link String#getBytes} writes it
 * with UTF-8 (a lone surrogate as {@code ?}), but with no array made per value: the rows' hashes
 * and their binary COPY each encode every value of millions of rows.
 */
final class Utf8 {

  /** The most bytes one char of a value takes (a surrogate pair takes four for its two). */
  static final int MAX_BYTES_PER_CHAR = 3;

  private Utf8() {}

  /**
   * Writes {@code v} at {@code at}; the array must have room for {@link #MAX_BYTES_PER_CHAR} bytes
   * a char.
   *
   * @param dropNul whether NUL characters are left out, as the database's text cannot hold them
   * @return where the next byte goes
   */
  static int put(String v, byte[] to, int at, boolean dropNul) {
    int n = v.length();
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        if (c != 0 || !dropNul) {
          to[at++] = (byte) c;
        }
      } else if (c < 0x800) {
        to[at++] = (byte) (0xc0 | (c >> 6));
        to[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(v.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, v.charAt(++i));
        to[at++] = (byte) (0xf0 | (cp >> 18));
        to[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        to[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        to[at++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate has no UTF-8 form.
        to[at++] = '?';
      } else {
        to[at++] = (byte) (0xe0 | (c >> 12));
        to[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        to[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return at;
  }
}
