package org.pathways.hub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one pass over a file's bytes before it is parsed. */
class TextSniffTest {

  /** Hands out a few bytes per read, so words cross buffer ends at every offset. */
  private static InputStream trickle(byte[] bytes, int step) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  /** The same decisions made a byte at a time, as the definition of what the pass must find. */
  private static long[] byteAtATime(byte[] bytes) {
    long controls = 0;
    long nuls = 0;
    long invalidAt = -1;
    int need = 0;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
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
          invalidAt = i;
        }
      } else if (b >= 0x80) {
        if (b >= 0xC2 && b <= 0xDF) {
          need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
          need = 2;
        } else if (b >= 0xF0 && b <= 0xF4) {
          need = 3;
        } else {
          invalidAt = i;
        }
      }
    }
    if (need > 0 && invalidAt < 0) {
      invalidAt = bytes.length;
    }
    boolean binary = nuls > 0 || (bytes.length > 0 && controls * 100 > bytes.length);
    return new long[] {invalidAt, binary ? 1 : 0};
  }

  @Test
  void findsTheFirstInvalidByteAndBinaryContentWhereverTheyFall() throws Exception {
    Random random = new Random(11);
    byte[][] pieces = {
      "Garc\u00eda|".getBytes(StandardCharsets.UTF_8),
      "\u6771\u4eac".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xe9},
      {0},
      {1},
      "\r\n".getBytes(StandardCharsets.US_ASCII),
      "\t".getBytes(StandardCharsets.US_ASCII),
      {(byte) 0xf0, (byte) 0x9f},
    };
    for (int round = 0; round < 2000; round++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int len = random.nextInt(200);
      while (out.size() < len) {
        if (random.nextInt(12) == 0) {
          out.writeBytes(pieces[random.nextInt(pieces.length)]);
        } else {
          out.write(' ' + random.nextInt(95));
        }
      }
      byte[] bytes = out.toByteArray();
      long[] want = byteAtATime(bytes);

      TextSniff sniff = TextSniff.of(trickle(bytes, 1 + random.nextInt(40)));

      assertThat(sniff.bytes()).isEqualTo(bytes.length);
      if (sniff.charset() == StandardCharsets.UTF_16LE
          || sniff.charset() == StandardCharsets.UTF_16BE) {
        continue; // a byte-order mark decides before anything else
      }
      assertThat(sniff.firstInvalidOffset()).as("round %d", round).isEqualTo(want[0]);
      assertThat(sniff.binary()).as("round %d", round).isEqualTo(want[1] == 1);
      assertThat(sniff.sha256())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }
  }

  @Test
  void takesAKnownChecksumInsteadOfComputingIt() throws Exception {
    byte[] bytes = "student_id|first_name\n1001|Ana\n".getBytes(StandardCharsets.UTF_8);

    TextSniff sniff = TextSniff.of(new ByteArrayInputStream(bytes), "ab".repeat(32));

    assertThat(sniff.sha256()).isEqualTo("ab".repeat(32));
    assertThat(sniff.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(sniff.binary()).isFalse();
  }
}
