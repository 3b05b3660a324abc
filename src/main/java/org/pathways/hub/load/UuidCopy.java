package org.pathways.hub.load;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Rows of {@code uuid} and {@code bigint} columns read with one binary {@code COPY ... TO STDOUT}:
 * millions of keys and hashes as longs, with no string or object made for any of them.
 */
final class UuidCopy {

  /** Binary COPY's signature, before its flags and header extension length. */
  static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

  /**
   * Takes one row: column {@code i}'s uuid is {@code row[2 i]} (high) and {@code row[2 i + 1]}; a
   * bigint is {@code row[2 i]}, with 0 beside it; a null is two zeros.
   */
  interface Row {
    /** Returns false to stop reading. */
    boolean accept(long[] row) throws SQLException;
  }

  private UuidCopy() {}

  /**
   * Hands each row of {@code select}, which returns {@code columns} uuid or bigint columns, to
   * {@code each}, until the rows end or it returns false.
   */
  static void read(Connection conn, String select, int columns, Row each) throws SQLException {
    long[] row = new long[2 * columns];
    try (InputStream raw =
            new PGCopyInputStream(
                conn.unwrap(PGConnection.class),
                "copy (" + select + ") to stdout (format binary)");
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] signature = new byte[SIGNATURE.length];
      in.readFully(signature);
      if (!Arrays.equals(signature, SIGNATURE)) {
        throw new SQLException("Unexpected binary COPY header for " + select);
      }
      in.readInt(); // flags
      in.skipNBytes(in.readInt()); // header extension
      while (true) {
        short fields = in.readShort();
        if (fields == -1) {
          return;
        }
        if (fields != columns) {
          throw new SQLException("Unexpected row shape for " + select);
        }
        for (int c = 0; c < columns; c++) {
          int length = in.readInt();
          if (length == 16) {
            row[2 * c] = in.readLong();
            row[2 * c + 1] = in.readLong();
          } else if (length == 8) {
            row[2 * c] = in.readLong();
            row[2 * c + 1] = 0;
          } else if (length == -1) {
            row[2 * c] = 0;
            row[2 * c + 1] = 0;
          } else {
            throw new SQLException("A malformed uuid or bigint in " + select);
          }
        }
        if (!each.accept(row)) {
          // Ending early leaves rows unread; closing the stream cancels the COPY.
          return;
        }
      }
    } catch (EOFException e) {
      throw new SQLException("The rows of " + select + " ended early", e);
    } catch (IOException e) {
      throw new SQLException("Reading " + select + " failed: " + e.getMessage(), e);
    }
  }
}
