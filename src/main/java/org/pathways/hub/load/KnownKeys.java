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
    Prefixes read = new Prefixes();
    UuidCopy.read(conn, select, 1, read::add);
    long[] sorted = Arrays.copyOf(read.keys, read.n);
    Arrays.sort(sorted);
    return new KnownKeys(sorted);
  }

  /** The first 64 bits of each key as the rows come, in an array doubled when full. */
  private static final class Prefixes {
    long[] keys = new long[1024];
    int n;

    boolean add(long[] row) {
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
      }
      keys[n++] = row[0];
      return true;
    }
  }

  boolean contains(long key) {
    return Arrays.binarySearch(keys, key) >= 0;
  }
}
