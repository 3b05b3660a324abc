package org.pathways.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;
import org.pathways.hub.support.TestFiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the encrypted vault must do on every blob store: a subclass names the store and how to read
 * and write its raw objects behind the vault's back, as an attacker or a broken disk would.
 */
public abstract class VaultContract extends StoreContract {

  /** A student name that must never be found in clear in the stored bytes. */
  static final String STUDENT = "Zephyrine Quillfeather";

  private static final Clock CLOCK = Clock.systemUTC();

  protected EncryptedVault vault;
  protected DistrictKeys keys;
  protected BlobStore blobs;
  protected Path keyFile;

  /** A new instance of the store under test, on the same place as every other. */
  protected abstract BlobStore newBlobStore() throws Exception;

  /** Every object the backend holds, read directly from it (not through the store), by key. */
  protected abstract Map<String, byte[]> rawObjects() throws Exception;

  /** Writes an object directly into the backend, bypassing the vault. */
  protected abstract void rawWrite(String key, byte[] bytes) throws Exception;

  /** Uploads started and neither completed nor aborted, where the backend has such a thing. */
  protected long pendingUploads() throws Exception {
    return 0;
  }

  @BeforeAll
  void openVault() throws Exception {
    // The hub's own master key: one database holds one key hierarchy, which the hub made.
    keyFile = hub.store().dataDir().resolve("keys").resolve("master-key.json");
    assertThat(keyFile).exists();
    blobs = newBlobStore();
    keys = newKeys(KeyFileWrapper.openOrCreate(keyFile));
    vault = new EncryptedVault(blobs, keys, CLOCK);
  }

  @AfterAll
  void closeStore() throws IOException {
    if (blobs != null) {
      blobs.close();
    }
  }

  private DistrictKeys newKeys(KeyWrapper master) {
    return new DistrictKeys(hub.jdbc(), hub.bean(TransactionTemplate.class), master, CLOCK);
  }

  /** A second vault on the same master key file, database and backend, as after a restart. */
  private EncryptedVault reopened() throws Exception {
    return new EncryptedVault(newBlobStore(), newKeys(KeyFileWrapper.open(keyFile)), CLOCK);
  }

  private static byte[] readAll(Vault v, StoredFile f) throws IOException {
    try (InputStream in = v.open(f)) {
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private StoredFile store(String district, String name, byte[] content) throws IOException {
    return vault.store(district, name, new ByteArrayInputStream(content));
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] studentsFile() {
    return (Sample.students(200).replace("First7|Last7", "Zephyrine|Quillfeather")
            + "9999|6999999999|"
            + STUDENT.replace(' ', '|')
            + "|2009-01-01|09|255901001|A|FHSP\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void emptySmallAndMultiMegabyteFilesComeBackExactlyWithTheirChecksumAndSize() throws Exception {
    List<byte[]> contents =
        List.of(
            new byte[0],
            "student_id|first_name\n1001|Ana\n".getBytes(StandardCharsets.UTF_8),
            // Larger than one 1 MB cipher segment and than two upload parts of 5 MB.
            random(12 * (1 << 20) + 12345, 42));
    for (byte[] content : contents) {
      StoredFile f = store("rt-district", "file-" + content.length + ".txt", content);
      assertThat(f.size()).isEqualTo(content.length);
      assertThat(f.sha256()).isEqualTo(sha256(content));
      assertThat(f.key()).startsWith("rt-district/");
      assertThat(readAll(vault, f)).isEqualTo(content);
      assertThat(blobs.exists(f.key())).isTrue();
      byte[] raw = rawObjects().get(f.key());
      assertThat(raw).as("the stored object of %s", f.key()).isNotNull();
      // The ciphertext carries a header and a tag per segment, so it is never the plaintext.
      assertThat(raw.length).isGreaterThan(content.length);
    }
    try (Stream<String> listed = blobs.list("rt-district/")) {
      assertThat(listed.toList()).hasSize(3);
    }
  }

  @Test
  void theStoredBytesNeverHoldAStudentNameInClear() throws Exception {
    byte[] content = studentsFile();
    assertThat(
            TestFiles.indexOf(content, STUDENT.replace(' ', '|').getBytes(StandardCharsets.UTF_8)))
        .isNotNegative();
    StoredFile f = store("clear-district", "Students.csv", content);
    assertThat(readAll(vault, f)).isEqualTo(content);
    Map<String, byte[]> raw = rawObjects();
    assertThat(raw).isNotEmpty();
    for (String needle : List.of("Zephyrine", "Quillfeather", "First12", "6000000012")) {
      byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
      raw.forEach(
          (key, stored) ->
              assertThat(TestFiles.indexOf(stored, bytes))
                  .as("%s found in clear in %s", needle, key)
                  .isNegative());
    }
  }

  @Test
  void aTamperedOrTruncatedBlobFailsToOpen() throws Exception {
    byte[] content = random(3 * (1 << 20), 7);
    StoredFile f = store("tamper-district", "grades.txt", content);
    byte[] raw = rawObjects().get(f.key());

    byte[] flipped = raw.clone();
    flipped[raw.length / 2] ^= 0x01;
    rawWrite(f.key(), flipped);
    assertThatThrownBy(() -> readAll(vault, f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.key())
        .hasMessageContaining("does not decrypt");

    byte[] header = raw.clone();
    header[3] ^= 0x01;
    rawWrite(f.key(), header);
    assertThatThrownBy(() -> readAll(vault, f)).isInstanceOf(IOException.class);

    // A whole last segment missing still fails: the last segment is marked as the last.
    rawWrite(f.key(), java.util.Arrays.copyOf(raw, raw.length - 1000));
    assertThatThrownBy(() -> readAll(vault, f)).isInstanceOf(IOException.class);

    rawWrite(f.key(), raw);
    assertThat(readAll(vault, f)).isEqualTo(content);

    // The checksum is the last guard: a right blob under a wrong record fails the last read.
    StoredFile wrongSha = new StoredFile(f.key(), sha256(new byte[] {1}), f.size());
    assertThatThrownBy(() -> readAll(vault, wrongSha))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match its checksum");
  }

  @Test
  void aBlobMovedToAnotherDistrictOrPlaceFailsToOpen() throws Exception {
    byte[] content = studentsFile();
    StoredFile a = store("move-a", "Students.csv", content);
    StoredFile b = store("move-b", "Students.csv", "other".getBytes(StandardCharsets.UTF_8));
    byte[] raw = rawObjects().get(a.key());

    String inB = "move-b" + a.key().substring("move-a".length());
    rawWrite(inB, raw);
    StoredFile moved = new StoredFile(inB, a.sha256(), a.size());
    assertThatThrownBy(() -> readAll(vault, moved))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("move-b");

    // Within its own district too: the key is part of what the blob is bound to.
    String elsewhere = a.key().replace("Students.csv", "Renamed.csv");
    rawWrite(elsewhere, raw);
    assertThatThrownBy(() -> readAll(vault, new StoredFile(elsewhere, a.sha256(), a.size())))
        .isInstanceOf(IOException.class);

    assertThat(readAll(vault, a)).isEqualTo(content);
    assertThat(readAll(vault, b)).isEqualTo("other".getBytes(StandardCharsets.UTF_8));
  }

  /** A received stream that breaks after {@code failAfter} bytes, as a dropped upload does. */
  private static InputStream breaking(long failAfter) {
    return new InputStream() {
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= failAfter) {
          throw new IOException("connection reset by the district");
        }
        int n = (int) Math.min(len, failAfter - read);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        read += n;
        return n;
      }
    };
  }

  @Test
  void aStoreThatFailsMidwayLeavesNothingBehind() throws Exception {
    Set<String> before = rawObjects().keySet();
    // Within the first upload part, and past two parts (a multipart upload was started).
    for (long failAfter : List.of(300_000L, 11L * (1 << 20))) {
      assertThatThrownBy(() -> vault.store("partial-district", "big.txt", breaking(failAfter)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("connection reset");
    }
    assertThat(rawObjects().keySet()).isEqualTo(before);
    try (Stream<String> listed = blobs.list("partial-district/")) {
      assertThat(listed.toList()).isEmpty();
    }
    assertThat(pendingUploads()).isZero();
  }

  /** The store under test, whose reads break after {@code breakAfter} bytes, as a disk can. */
  private BlobStore breakingReads(long breakAfter) {
    return new BlobStore() {
      @Override
      public BlobOutput create(String key) throws IOException {
        return blobs.create(key);
      }

      @Override
      public InputStream open(String key) throws IOException {
        return new java.io.FilterInputStream(blobs.open(key)) {
          private long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read >= breakAfter) {
              throw new IOException("the disk went away");
            }
            int n = super.read(b, off, (int) Math.min(len, breakAfter - read));
            read += Math.max(n, 0);
            return n;
          }
        };
      }

      @Override
      public boolean exists(String key) throws IOException {
        return blobs.exists(key);
      }

      @Override
      public void delete(String key) throws IOException {
        blobs.delete(key);
      }

      @Override
      public Stream<String> list(String prefix) throws IOException {
        return blobs.list(prefix);
      }

      @Override
      public String describe() {
        return blobs.describe();
      }
    };
  }

  @Test
  void aStoreThatCannotBeReadIsReportedAsSuchNotAsTampering() throws Exception {
    byte[] content = random(3 * (1 << 20), 11);
    StoredFile f = store("broken-read", "grades.txt", content);
    EncryptedVault broken = new EncryptedVault(breakingReads(2 << 20), keys, CLOCK);
    assertThatThrownBy(() -> readAll(broken, f))
        .isInstanceOf(IOException.class)
        .hasMessage("the disk went away");
    try (InputStream in = broken.open(f)) {
      assertThat(in.read()).isEqualTo(content[0] & 0xff);
      assertThat(in.skip(1000)).isEqualTo(1000);
      assertThat(in.markSupported()).isFalse();
    }
  }

  @Test
  void aReopenedVaultStillReadsOldFiles() throws Exception {
    byte[] content = studentsFile();
    StoredFile f = store("reopen-district", "Students.csv", content);
    EncryptedVault again = reopened();
    assertThat(readAll(again, f)).isEqualTo(content);
    StoredFile g = again.store("reopen-district", "Again.csv", new ByteArrayInputStream(content));
    assertThat(readAll(vault, g)).isEqualTo(content);
  }

  @Test
  void aMasterKeyRotationReWrapsTheDistrictKeysAndRewritesNoFile() throws Exception {
    byte[] content = studentsFile();
    StoredFile one = store("master-one", "Students.csv", content);
    StoredFile two = store("master-two", "Students.csv", content);
    byte[] rawOne = rawObjects().get(one.key());
    String before = keys.status("master-one").orElseThrow().masterVersion();

    // As the command line does: another process, with its own copy of the master key.
    DistrictKeys.MasterRotation r = newKeys(KeyFileWrapper.open(keyFile)).rotateMasterKey();

    assertThat(r.masterVersion()).isNotEqualTo(before).startsWith("key-file:");
    assertThat(r.rewrapped()).isGreaterThanOrEqualTo(2);
    assertThat(keys.list())
        .allSatisfy(s -> assertThat(s.masterVersion()).isEqualTo(r.masterVersion()));
    assertThat(keys.status("master-one").orElseThrow().rewrappedAt()).isNotNull();
    assertThat(rawObjects().get(one.key())).isEqualTo(rawOne);
    // This vault read the key file before the rotation: it notices the change by itself.
    assertThat(readAll(vault, one)).isEqualTo(content);
    assertThat(readAll(reopened(), two)).isEqualTo(content);
    StoredFile after = store("master-one", "After.csv", content);
    assertThat(readAll(reopened(), after)).isEqualTo(content);
    assertThat(Files.readString(keyFile, StandardCharsets.UTF_8).split("\"keyId\"", -1))
        .as("both master key versions are kept")
        .hasSizeGreaterThanOrEqualTo(3);
    // Nothing is left to re-wrap.
    assertThat(keys.rewrapAll()).isZero();
  }

  @Test
  void aDistrictKeyRotationKeepsItsOldFilesOpen() throws Exception {
    byte[] content = studentsFile();
    StoredFile old = store("rotate-district", "Students.csv", content);
    DistrictKeys.KeyStatus first = keys.status("rotate-district").orElseThrow();
    assertThat(first.keys()).isEqualTo(1);

    DistrictKeys.KeyStatus rotated = keys.rotateDistrictKey("rotate-district");
    assertThat(rotated.keys()).isEqualTo(2);
    assertThat(rotated.primaryKeyId()).isNotEqualTo(first.primaryKeyId());
    assertThat(rotated.rotatedAt()).isNotNull();

    StoredFile fresh = store("rotate-district", "Students2.csv", content);
    for (EncryptedVault v : List.of(vault, reopened())) {
      assertThat(readAll(v, old)).isEqualTo(content);
      assertThat(readAll(v, fresh)).isEqualTo(content);
    }
    assertThatThrownBy(() -> keys.rotateDistrictKey("no-files-yet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-files-yet has no vault key yet");
  }

  @Test
  void aDeletedFileIsGoneWithAClearError() throws Exception {
    StoredFile f = store("delete-district", "Students.csv", studentsFile());
    vault.delete(f);
    assertThat(blobs.exists(f.key())).isFalse();
    assertThatThrownBy(() -> vault.open(f))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(f.key())
        .hasMessageContaining("purged");
    vault.delete(f); // a second purge of the same file is not an error
  }

  @Test
  void theFirstFilesOfANewDistrictStoredAtOnceShareOneKey() throws Exception {
    byte[] content = studentsFile();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<StoredFile>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "Students" + i + ".csv";
        tasks.add(() -> store("race-district", name, content));
      }
      for (Future<StoredFile> f : pool.invokeAll(tasks)) {
        assertThat(readAll(reopened(), f.get())).isEqualTo(content);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(keys.status("race-district").orElseThrow().keys()).isEqualTo(1);
  }

  @Test
  void theMasterKeyFileIsForItsOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(keyFile, StandardCharsets.UTF_8)).contains("primaryKeyId");
  }

  @Test
  void aKeyThatIsNotTheVaultsIsRefused() {
    assertThatThrownBy(() -> vault.open(new StoredFile("../etc/passwd", "00", 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> vault.store("Not A District", "x.txt", new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.open(new StoredFile("never-stored/2026/01/x", "00", 0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("never-stored has no vault key");
  }
}
