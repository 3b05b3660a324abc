package org.pathways.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key in its key file: made once, owner-only, rotated without losing old versions. */
class KeyFileWrapperTest {

  private static final byte[] KEYSET = "a district keyset".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AD = "district:a".getBytes(StandardCharsets.UTF_8);

  @Test
  void theFileIsMadeOnceForItsOwnerOnlyAndReadAgainByTheNextProcess(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys").resolve("master-key.json");
    KeyFileWrapper first = KeyFileWrapper.openOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var siblings = Files.list(file.getParent())) {
      assertThat(siblings.toList()).containsExactly(file);
    }
    String json = Files.readString(file, StandardCharsets.UTF_8);

    KeyFileWrapper second = KeyFileWrapper.openOrCreate(file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(json);
    WrappedKey wrapped = first.wrap(KEYSET, AD);
    assertThat(wrapped.masterVersion()).isEqualTo(first.primaryVersion()).startsWith("key-file:");
    assertThat(second.unwrap(wrapped.ciphertext(), AD)).isEqualTo(KEYSET);
    assertThat(KeyFileWrapper.open(file).unwrap(wrapped.ciphertext(), AD)).isEqualTo(KEYSET);

    assertThatThrownBy(
            () ->
                second.unwrap(wrapped.ciphertext(), "district:b".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(first.describe()).contains(file.toString());
    assertThat(first.toString()).contains(file.toString()).doesNotContain("value");
  }

  @Test
  void aRotationKeepsOldVersionsAndIsSeenByAnotherInstance(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("master-key.json");
    KeyFileWrapper serving = KeyFileWrapper.openOrCreate(file);
    WrappedKey before = serving.wrap(KEYSET, AD);

    KeyFileWrapper command = KeyFileWrapper.open(file);
    String rotated = command.rotate();
    assertThat(rotated).isNotEqualTo(before.masterVersion());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    WrappedKey after = command.wrap(KEYSET, AD);
    assertThat(after.masterVersion()).isEqualTo(rotated);

    // The serving instance read the file before the rotation; it reads it again by itself.
    assertThat(serving.unwrap(after.ciphertext(), AD)).isEqualTo(KEYSET);
    assertThat(serving.primaryVersion()).isEqualTo(rotated);
    assertThat(serving.unwrap(before.ciphertext(), AD)).isEqualTo(KEYSET);
    assertThat(command.unwrap(before.ciphertext(), AD)).isEqualTo(KEYSET);
  }

  @Test
  void aMissingOrBrokenFileIsAClearError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> KeyFileWrapper.open(dir.resolve("none.json")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("none.json");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"not\": \"a keyset\"}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> KeyFileWrapper.open(broken))
        .isInstanceOf(GeneralSecurityException.class);

    // Others may read it: it still works, and the hub warns.
    Path loose = dir.resolve("loose.json");
    KeyFileWrapper.openOrCreate(loose);
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(KeyFileWrapper.open(loose).primaryVersion()).startsWith("key-file:");
  }

  @Test
  void aWrappedKeyIsAValue() {
    WrappedKey a = new WrappedKey(new byte[] {1, 2, 3}, "key-file:1");
    WrappedKey b = new WrappedKey(new byte[] {1, 2, 3}, "key-file:1");
    assertThat(a)
        .isEqualTo(b)
        .hasSameHashCodeAs(b)
        .isNotEqualTo(new WrappedKey(new byte[] {1}, "key-file:1"));
    assertThat(a.toString()).isEqualTo("WrappedKey[3 bytes, master key-file:1]");
    byte[] out = a.ciphertext();
    out[0] = 9;
    assertThat(a.ciphertext()[0]).isEqualTo((byte) 1);
  }
}
