package org.pathways.hub.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Records' keys as the first 64 bits of their {@code rec_key}, gathered as they come into an array
 * doubled when full, and sorted once: eight bytes a key, a million keys in 8 MB. Two different keys
 * share a prefix once in 10^19 pairs.
 *
 * <p>Two uses: the keys a district has sent for a data set, that a grade's student or course is
 * looked up in ({@link #read}, {@link #contains}); and the keys of the rows a load stages, which
 * tell a file without repeated keys (nearly every file) without grouping the staged rows in SQL,
 * which spills to disk at millions of rows ({@link #mayRepeat}).
 */
final class KeyPrefixes {

  private final int max;
  private long[] keys;
  private int n;
  private boolean overflowed;

  /**
   * @param expected about how many keys will come, to size the array once
   * @param max the most keys kept; past it the keys are let go and {@link #overflowed} is true
   */
  KeyPrefixes(long expected, int max) {
    this.max = max;
    this.keys = new long[(int) Math.max(1024, Math.min(max, expected + expected / 16))];
  }

  /** Reads the keys {@code select} returns (one {@code uuid} column), sorted for lookups. */
  static KeyPrefixes read(Connection conn, String select) throws SQLException {
    KeyPrefixes read = new KeyPrefixes(0, Integer.MAX_VALUE - 16);
    UuidCopy.read(conn, select, 1, row -> read.add(row[0]));
    Arrays.sort(read.keys, 0, read.n);
    return read;
  }

  /** Adds a key's prefix; false once there were more than the most kept. */
  boolean add(long prefix) {
    if (overflowed) {
      return false;
    }
    if (n == keys.length) {
      if (n >= max) {
        overflowed = true;
        keys = null;
        return false;
      }
      keys = Arrays.copyOf(keys, (int) Math.min(max, (long) n * 2));
    }
    keys[n++] = prefix;
    return true;
  }

  /** Whether a key was added; the keys must have been {@link #read} or {@link #mayRepeat} asked. */
  boolean contains(long prefix) {
    return Arrays.binarySearch(keys, 0, n, prefix) >= 0;
  }

  /**
   * Whether two keys added may be the same: some prefix came twice, or there were too many to keep.
   * Sorts the prefixes, which are then looked up with {@link #contains}; called once, when the keys
   * have all come.
   */
  boolean mayRepeat() {
    if (overflowed) {
      return true;
    }
    Arrays.sort(keys, 0, n);
    for (int i = 1; i < n; i++) {
      if (keys[i] == keys[i - 1]) {
        return true;
      }
    }
    return false;
  }
}
