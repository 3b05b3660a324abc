package org.pathways.hub.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox's AES-CTR channel: any write order, any read position, exactly the client's size. */
class InboxCryptoTest {

  final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
  final byte[] nonce = new byte[16];

  @Test
  void writesInPiecesAtAnyOffsetReadBackExactlyAndNeverInClear(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    byte[] data = new byte[100_003];
    Arrays.fill(data, (byte) 'A');
    Path file = dir.resolve("upload");
    // First half in 4 KB pieces, then a resume that starts mid-block, written from the end back.
    try (var ch = channel(file)) {
      for (int at = 0; at < 50_001; at += 4096) {
        ch.position(at);
        ch.write(ByteBuffer.wrap(data, at, Math.min(4096, 50_001 - at)));
      }
    }
    try (var ch = channel(file)) {
      for (int end = data.length; end > 50_001; ) {
        int len = Math.min(1 + random.nextInt(7000), end - 50_001);
        ch.position(end - len);
        ch.write(ByteBuffer.wrap(data, end - len, len));
        end -= len;
      }
      assertThat(ch.size()).isEqualTo(data.length);
    }
    byte[] raw = Files.readAllBytes(file);
    assertThat(raw).hasSize(data.length);
    assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("AAAA");
    try (var ch = channel(file)) {
      for (int i = 0; i < 50; i++) {
        int at = random.nextInt(data.length);
        int len = Math.min(1 + random.nextInt(3000), data.length - at);
        ByteBuffer got = ByteBuffer.allocate(len);
        ch.position(at);
        while (got.hasRemaining() && ch.read(got) > 0) {
          // read on
        }
        assertThat(got.array()).isEqualTo(Arrays.copyOfRange(data, at, at + len));
      }
    }
  }

  @Test
  void twoUploadsWithDifferentNoncesDoNotShareAKeyStream(@TempDir Path dir) throws Exception {
    byte[] other = nonce.clone();
    other[0] = 1;
    byte[] zeros = new byte[64];
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    try (var ch = new InboxCrypto.CtrChannel(open(a), key, nonce)) {
      ch.write(ByteBuffer.wrap(zeros));
    }
    try (var ch = new InboxCrypto.CtrChannel(open(b), key, other)) {
      ch.write(ByteBuffer.wrap(zeros));
    }
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));
  }

  private InboxCrypto.CtrChannel channel(Path file) throws Exception {
    return new InboxCrypto.CtrChannel(open(file), key, nonce);
  }

  private static FileChannel open(Path file) throws Exception {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
