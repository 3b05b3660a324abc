package org.pathways.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pathways.hub.support.TestStore;
import org.pathways.hub.vault.local.LocalBlobStore;

/** The vault on the local disk, with its keys in the embedded store. */
class LocalVaultTest extends VaultContract {

  private Path root() {
    return hub.store().dataDir().resolve("contract-vault");
  }

  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }

  @Override
  protected BlobStore newBlobStore() throws IOException {
    return new LocalBlobStore(root());
  }

  /** Every file under the root, the {@code .partial} ones too. */
  @Override
  protected Map<String, byte[]> rawObjects() throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    Path root = root().toRealPath();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Override
  protected void rawWrite(String key, byte[] bytes) throws IOException {
    Path p = root().resolve(key);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  @Test
  void halfWrittenFilesACrashLeftAreSweptOnceOldAndCommittedOnesStay() throws Exception {
    LocalBlobStore store = new LocalBlobStore(root().resolve("sweep"));
    try (var out = store.create("d/committed.bin")) {
      out.write(new byte[] {1, 2, 3});
      out.commit();
    }
    // Two writes a crash cut off: one an hour and a half ago, one a minute ago.
    Path old = store.root().resolve("d/old.bin.1234.partial");
    Path fresh = store.root().resolve("d/fresh.bin.5678.partial");
    Files.write(old, new byte[] {9});
    Files.write(fresh, new byte[] {9});
    java.time.Instant now = java.time.Clock.systemUTC().instant();
    Files.setLastModifiedTime(
        old, java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofMinutes(90))));
    Files.setLastModifiedTime(
        fresh, java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofMinutes(1))));

    assertThat(store.sweepPartials(now.minus(java.time.Duration.ofHours(1)))).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).as("maybe still being written").exists();
    assertThat(store.exists("d/committed.bin")).isTrue();
  }

  @Test
  void keysThatWouldLeaveTheRootAreRefused() throws IOException {
    LocalBlobStore store = new LocalBlobStore(root());
    for (String key :
        List.of(
            "../outside",
            "a/../../outside",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "a\\..\\b",
            "",
            "a/b.partial")) {
      assertThatThrownBy(() -> store.create(key))
          .as("key %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.open(key))
          .as("key %s", key)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Files.exists(root().getParent().resolve("outside"))).isFalse();
  }

  @Test
  void aDirectoryLinkedOutOfTheRootIsRefused() throws IOException {
    Path outside = Files.createDirectories(hub.store().dataDir().resolve("elsewhere"));
    Files.createSymbolicLink(root().resolve("linked"), outside);
    LocalBlobStore store = new LocalBlobStore(root());
    assertThatThrownBy(() -> store.create("linked/2026/blob"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("leads out of");
    try (Stream<Path> files = Files.walk(outside)) {
      assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  @Test
  void aBlobIsWrittenOnceAndIsInvisibleUntilCommitted() throws IOException {
    LocalBlobStore store = new LocalBlobStore(root());
    try (OutputStream out = store.create("once/blob")) {
      out.write("ciphertext".getBytes(StandardCharsets.UTF_8));
      assertThat(store.exists("once/blob")).isFalse();
      ((BlobOutput) out).commit();
    }
    assertThat(store.exists("once/blob")).isTrue();
    assertThatThrownBy(() -> store.create("once/blob"))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (BlobOutput out = store.create("once/other")) {
      out.write(1);
      out.commit();
      assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class);
      assertThatThrownBy(out::commit).isInstanceOf(IOException.class);
    }
    store.delete("once/blob");
    store.delete("once/blob");
    assertThat(store.exists("once/blob")).isFalse();
    assertThat(store.describe()).contains(root().toRealPath().toString());
  }
}
