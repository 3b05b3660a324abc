package org.pathways.hub.receive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.pathways.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Each district's SFTP bucket on disk: {@code inbox/}, where uploads land until they are safely in
 * the vault, and {@code results/}, where the hub writes what it made of each file. Nothing else of
 * the data directory is reachable from a bucket.
 */
@Component
public class Buckets {

  static final String INBOX = "inbox";
  static final String RESULTS = "results";
  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final Path root;
  private final InboxCrypto crypto;

  public Buckets(HubProperties props, InboxCrypto crypto) {
    this.root = props.dataDir().toAbsolutePath().normalize().resolve("buckets");
    this.crypto = crypto;
  }

  /** The district's bucket, created on first use and readable by the hub's user only. */
  public Path bucket(String district) {
    if (!CODE.matcher(district).matches()) {
      throw new IllegalArgumentException("Not a district code: " + district);
    }
    Path dir = root.resolve(district);
    try {
      for (Path p : new Path[] {root, dir, dir.resolve(INBOX), dir.resolve(RESULTS)}) {
        if (!Files.isDirectory(p)) {
          Files.createDirectories(p);
          restrict(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  public Path inbox(String district) {
    return bucket(district).resolve(INBOX);
  }

  /**
   * Writes a result file whole (a district never reads half of one), encrypted on disk; the SFTP
   * server decrypts it as the district reads it.
   */
  public void writeResult(String district, String name, String text) throws IOException {
    Path dir = bucket(district).resolve(RESULTS);
    Path target = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".writing");
    byte[] nonce = crypto.startResult(district, name);
    try (FileChannel file =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        SeekableByteChannel out = crypto.channel(file, nonce)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    }
    restrictFile(tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrictFile(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  private static void restrict(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the data directory's own permissions apply
    }
  }
}
