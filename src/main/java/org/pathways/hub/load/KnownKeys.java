package org.pathways.hub.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The keys of the records a district has sent for one data set, as the sorted first 64 bits of
 * their {@code rec_key}: what a grade's student or course is looked up in. Eight bytes a record, a
 * million students in 8 MB; two different ids share a prefix once in 10^19 lookups.
 */
final class KnownKeys {

  private final long[] keys;

  private KnownKeys(long[] keys) {
    this.keys = keys;
  }

  /** Reads the keys {@code select} returns (one {@code uuid} column). */
  static KnownKeys read(Connection conn, String select) throws SQLException {
    long[][] keys = {new long[1024]};
    int[] n = {0};
    UuidCopy.read(
        conn,
        select,
        1,
        row -> {
          if (n[0] == keys[0].length) {
            keys[0] = Arrays.copyOf(keys[0], n[0] * 2);
          }
          keys[0][n[0]++] = row[0];
          return true;
        });
    long[] sorted = Arrays.copyOf(keys[0], n[0]);
    Arrays.sort(sorted);
    return new KnownKeys(sorted);
  }

  boolean contains(long key) {
    return Arrays.binarySearch(keys, key) >= 0;
  }
}
