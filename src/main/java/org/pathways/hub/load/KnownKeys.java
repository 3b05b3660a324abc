package org.pathways.hub.load;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

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
    long[] keys = new long[1024];
    int n = 0;
    try (InputStream raw =
            new PGCopyInputStream(
                conn.unwrap(PGConnection.class),
                "copy (" + select + ") to stdout (format binary)");
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      in.skipNBytes(11 + 4);
      in.skipNBytes(in.readInt());
      while (in.readShort() != -1) {
        if (in.readInt() != 16) {
          throw new SQLException("Unexpected key shape in " + select);
        }
        if (n == keys.length) {
          keys = Arrays.copyOf(keys, n * 2);
        }
        keys[n++] = in.readLong();
        in.readLong();
      }
    } catch (IOException e) {
      throw new SQLException("Reading keys failed: " + e.getMessage(), e);
    }
    long[] sorted = Arrays.copyOf(keys, n);
    Arrays.sort(sorted);
    return new KnownKeys(sorted);
  }

  boolean contains(long key) {
    return Arrays.binarySearch(keys, key) >= 0;
  }
}
