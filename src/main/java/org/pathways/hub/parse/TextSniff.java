package org.pathways.hub.parse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What one pass over a file's bytes tells before it is parsed: its size, its SHA-256, whether it is
 * text at all, and how to decode it.
 *
 * @param bytes the number of bytes
 * @param sha256 the lower-case hex SHA-256 of the bytes
 * @param charset UTF-8 when the bytes are valid UTF-8 (or UTF-16 with its byte-order mark),
 *     Windows-1252 otherwise
 * @param bomBytes the length of a byte-order mark to skip
 * @param fellBack true when the bytes were not valid UTF-8 and are read as Windows-1252
 * @param binary true when the bytes hold NUL or too many control characters to be text
 * @param firstInvalidOffset the byte offset of the first byte that is not UTF-8, or -1
 */
public record TextSniff(
    long bytes,
    String sha256,
    Charset charset,
    int bomBytes,
    boolean fellBack,
    boolean binary,
    long firstInvalidOffset) {

  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** Eight bytes at a time, in either order: the checks below do not depend on it. */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long SPACES = 0x2020202020202020L;

  /** Reads the whole stream once. */
  public static TextSniff of(InputStream in) throws IOException {
    return of(in, null);
  }

  /**
   * Reads the whole stream once.
   *
   * @param knownSha256 the stream's SHA-256 when it is already known (the vault keeps the one taken
   *     as the file was received), so it is not taken again; null to take it
   */
  public static TextSniff of(InputStream in, String knownSha256) throws IOException {
    MessageDigest sha = null;
    if (knownSha256 == null) {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    byte[] buf = new byte[1 << 16];
    long total = 0;
    long controls = 0;
    long nuls = 0;
    long invalidAt = -1;
    int need = 0; // continuation bytes still expected by the UTF-8 state machine
    int head0 = -1;
    int head1 = -1;
    int head2 = -1;
    int n;
    while ((n = in.read(buf)) > 0) {
      if (sha != null) {
        sha.update(buf, 0, n);
      }
      for (int i = 0; i < n; i++) {
        // Printable ASCII changes nothing below; nearly every byte of an export is that, so it is
        // skipped eight at a time: no byte with its high bit set, and none below a space.
        if (need == 0 && total + i >= 3) {
          while (i + 8 <= n) {
            long w = (long) WORDS.get(buf, i);
            if ((w & HIGH_BITS) != 0 || ((w - SPACES) & ~w & HIGH_BITS) != 0) {
              break;
            }
            i += 8;
          }
          if (i >= n) {
            break;
          }
        }
        int b = buf[i] & 0xff;
        long offset = total + i;
        if (offset == 0) {
          head0 = b;
        } else if (offset == 1) {
          head1 = b;
        } else if (offset == 2) {
          head2 = b;
        }
        if (b == 0) {
          nuls++;
        } else if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
          controls++;
        }
        if (invalidAt >= 0) {
          continue;
        }
        if (need > 0) {
          if ((b & 0xC0) == 0x80) {
            need--;
          } else {
            invalidAt = offset;
          }
        } else if (b >= 0x80) {
          if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
          } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
          } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
          } else {
            invalidAt = offset;
          }
        }
      }
      total += n;
    }
    if (need > 0 && invalidAt < 0) {
      invalidAt = total;
    }
    String hex = sha == null ? knownSha256 : HexFormat.of().formatHex(sha.digest());
    if (head0 == 0xFF && head1 == 0xFE) {
      return new TextSniff(total, hex, StandardCharsets.UTF_16LE, 2, false, false, -1);
    }
    if (head0 == 0xFE && head1 == 0xFF) {
      return new TextSniff(total, hex, StandardCharsets.UTF_16BE, 2, false, false, -1);
    }
    // Text has no NUL bytes; a few stray control characters are tolerated, a stream of them is not.
    boolean binary = nuls > 0 || (total > 0 && controls * 100 > total);
    int bom = head0 == 0xEF && head1 == 0xBB && head2 == 0xBF ? 3 : 0;
    if (invalidAt < 0) {
      return new TextSniff(total, hex, StandardCharsets.UTF_8, bom, false, binary, -1);
    }
    return new TextSniff(total, hex, WINDOWS_1252, 0, true, binary, invalidAt);
  }
}
