package org.pathways.hub.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key as a Tink AEAD keyset in a JSON file that only its owner may read (0600). Each
 * rotation adds a version and makes it primary; old versions stay in the file so that keysets they
 * wrapped, and backups of the database, still unwrap.
 *
 * <p>The file is read again whenever it changes on disk, so a hub that is serving keeps working
 * when the command line rotates the master key beside it.
 */
public final class KeyFileWrapper implements KeyWrapper {

  private static final Logger log = LoggerFactory.getLogger(KeyFileWrapper.class);

  /** How the versions of a key file's master key begin, as recorded beside what they wrapped. */
  public static final String VERSION_PREFIX = "key-file:";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final Path file;
  private volatile Loaded loaded;

  /** The keyset as last read, and how the file looked then. */
  private record Loaded(KeysetHandle keyset, Aead aead, Object fileKey, long modified, long size) {}

  private KeyFileWrapper(Path file) throws IOException, GeneralSecurityException {
    Tink.init();
    this.file = file.toAbsolutePath().normalize();
    this.loaded = read();
  }

  /** Opens an existing key file. */
  public static KeyFileWrapper open(Path file) throws IOException, GeneralSecurityException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no master key file");
    }
    return new KeyFileWrapper(file);
  }

  /** Opens the key file, creating it with a new master key if there is none yet. */
  public static KeyFileWrapper openOrCreate(Path file)
      throws IOException, GeneralSecurityException {
    Tink.init();
    if (!Files.exists(file)) {
      create(file.toAbsolutePath().normalize());
    }
    return new KeyFileWrapper(file);
  }

  private static void create(Path file) throws IOException, GeneralSecurityException {
    KeysetHandle keyset =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
    Path tmp = writeTemp(file, keyset);
    try {
      // A hard link is created atomically and never replaces a file: if another process made the
      // key file first, its key is kept and this one is dropped.
      Files.createLink(file, tmp);
      syncDirectory(file.getParent());
      log.info("Created the master key file {}", file);
    } catch (FileAlreadyExistsException e) {
      log.info("The master key file {} was created by another process; using it", file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a keyset to a new owner-only file beside {@code file}, durably, and returns it. */
  private static Path writeTemp(Path file, KeysetHandle keyset)
      throws IOException, GeneralSecurityException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly(dir, OWNER_ONLY_DIR));
    }
    Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    byte[] json =
        TinkJsonProtoKeysetFormat.serializeKeyset(
                keyset, RegistryConfiguration.get(), InsecureSecretKeyAccess.get())
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            ownerOnly(dir, OWNER_ONLY))) {
      ch.write(java.nio.ByteBuffer.wrap(json));
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
    return tmp;
  }

  private static FileAttribute<?>[] ownerOnly(Path dir, Set<PosixFilePermission> perms) {
    Path probe = Files.exists(dir) ? dir : dir.getRoot();
    boolean posix =
        probe != null && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
        : new FileAttribute<?>[0];
  }

  private static void syncDirectory(Path dir) throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return; // Windows cannot open a directory, and makes a rename durable by itself.
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private Loaded read() throws IOException, GeneralSecurityException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    warnIfOthersCanRead();
    KeysetHandle keyset =
        TinkJsonProtoKeysetFormat.parseKeyset(
            Files.readString(file, StandardCharsets.UTF_8),
            RegistryConfiguration.get(),
            InsecureSecretKeyAccess.get());
    return new Loaded(
        keyset,
        keyset.getPrimitive(RegistryConfiguration.get(), Aead.class),
        attrs.fileKey(),
        attrs.lastModifiedTime().toMillis(),
        attrs.size());
  }

  private void warnIfOthersCanRead() throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        log.warn(
            "The master key file {} can be read by others ({}); make it owner-only: chmod 600 {}",
            file,
            PosixFilePermissions.toString(perms),
            file);
      }
    }
  }

  /** The keyset as it is on disk now: read again if the file changed since it was last read. */
  private Loaded current() throws IOException, GeneralSecurityException {
    Loaded l = loaded;
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    if (!java.util.Objects.equals(attrs.fileKey(), l.fileKey())
        || attrs.lastModifiedTime().toMillis() != l.modified()
        || attrs.size() != l.size()) {
      synchronized (this) {
        l = read();
        loaded = l;
      }
    }
    return l;
  }

  @Override
  public String describe() {
    return "the master key file " + file;
  }

  @Override
  public String primaryVersion() throws GeneralSecurityException, IOException {
    return version(current().keyset());
  }

  private static String version(KeysetHandle keyset) {
    return VERSION_PREFIX + Integer.toUnsignedString(keyset.getPrimary().getId());
  }

  @Override
  public WrappedKey wrap(byte[] keyset, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    Loaded l = current();
    return new WrappedKey(l.aead().encrypt(keyset, associatedData), version(l.keyset()));
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    try {
      return current().aead().decrypt(wrapped, associatedData);
    } catch (GeneralSecurityException e) {
      // A rotation by another process within the file clock's resolution is not seen by
      // current(): read the file once more before giving up.
      synchronized (this) {
        loaded = read();
      }
      return loaded.aead().decrypt(wrapped, associatedData);
    }
  }

  @Override
  public synchronized String rotate() throws GeneralSecurityException, IOException {
    KeysetHandle old = read().keyset();
    KeysetHandle rotated =
        KeysetHandle.newBuilder(old)
            .addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary())
            .build();
    Path tmp = writeTemp(file, rotated);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(file.getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
    loaded = read();
    String version = version(rotated);
    log.info("Master key in {} rotated: {} is primary", file, version);
    return version;
  }

  @Override
  public String toString() {
    return "KeyFileWrapper[" + file + "]";
  }
}
