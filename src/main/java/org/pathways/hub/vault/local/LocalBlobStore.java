package org.pathways.hub.vault.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.pathways.hub.vault.BlobOutput;
import org.pathways.hub.vault.BlobStore;

/**
 * Blobs as files under one root directory on the local disk. A blob is written to a {@code
 * .partial} file beside its place, forced to disk, then renamed into place atomically; the
 * directory is forced too, so a blob that was committed survives a power cut.
 */
public final class LocalBlobStore implements BlobStore {

  private static final String PARTIAL = ".partial";

  private final Path root;

  public LocalBlobStore(Path root) throws IOException {
    // The real path, so that a root reached through a symbolic link still contains its keys.
    this.root = Files.createDirectories(root).toRealPath();
  }

  public Path root() {
    return root;
  }

  /** The file of a key; a key that would leave the root, or is not a plain path, is refused. */
  Path resolve(String key) {
    if (key == null
        || key.isEmpty()
        || key.startsWith("/")
        || key.contains("\\")
        || key.contains("\0")
        || key.endsWith(PARTIAL)
        || Stream.of(key.split("/", -1))
            .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      throw new IllegalArgumentException("Not a vault key: '" + key + "'");
    }
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("The vault key '" + key + "' leaves the vault " + root);
    }
    return p;
  }

  @Override
  public BlobOutput create(String key) throws IOException {
    Path target = resolve(key);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(key, null, "a vault blob is written once");
    }
    List<Path> made = createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + PARTIAL);
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new LocalOutput(ch, tmp, target, made);
  }

  /** Creates the missing directories down to {@code dir}; returns the parents to force. */
  private List<Path> createDirectories(Path dir) throws IOException {
    List<Path> parents = new ArrayList<>();
    Path p = dir;
    while (!Files.isDirectory(p)) {
      parents.add(p.getParent());
      p = p.getParent();
    }
    Files.createDirectories(dir);
    // A directory that is a symbolic link could lead out of the root.
    if (!dir.toRealPath().startsWith(root)) {
      throw new IOException("The vault directory " + dir + " leads out of " + root);
    }
    return parents;
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(resolve(key));
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  @SuppressWarnings("StreamResourceLeak") // the caller closes it, as the interface says
  public Stream<String> list(String prefix) throws IOException {
    return Files.walk(root)
        .filter(Files::isRegularFile)
        .filter(p -> !p.getFileName().toString().endsWith(PARTIAL))
        .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
        .filter(k -> k.startsWith(prefix));
  }

  /**
   * Deletes the {@code .partial} files a crash left behind: writes that were never committed, so no
   * run points at them. Only those last written before {@code cutoff}, so a write in progress in
   * another process is left alone.
   *
   * @return how many were deleted
   */
  public int sweepPartials(java.time.Instant cutoff) throws IOException {
    List<Path> stale;
    try (Stream<Path> walk = Files.walk(root)) {
      stale =
          walk.filter(p -> p.getFileName().toString().endsWith(PARTIAL))
              .filter(Files::isRegularFile)
              .filter(
                  p -> {
                    try {
                      return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
                    } catch (IOException e) {
                      return false; // gone since the walk saw it
                    }
                  })
              .toList();
    }
    int n = 0;
    for (Path p : stale) {
      if (Files.deleteIfExists(p)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String describe() {
    return "the local directory " + root;
  }

  @Override
  public String toString() {
    return "LocalBlobStore[" + root + "]";
  }

  private static void force(Path dir) throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return; // Windows cannot open a directory, and makes a rename durable by itself.
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** A blob being written to its {@code .partial} file. */
  private static final class LocalOutput extends BlobOutput {
    private final FileChannel ch;
    private final Path tmp;
    private final Path target;
    private final List<Path> newDirectoryParents;
    private boolean committed;
    private boolean closed;

    LocalOutput(FileChannel ch, Path tmp, Path target, List<Path> newDirectoryParents) {
      this.ch = ch;
      this.tmp = tmp;
      this.target = target;
      this.newDirectoryParents = newDirectoryParents;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed || committed) {
        throw new IOException("The vault blob " + target + " is no longer open");
      }
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }

    @Override
    public void commit() throws IOException {
      if (closed || committed) {
        throw new IOException("The vault blob " + target + " is no longer open");
      }
      // Durable before acknowledged: a crash after the commit must not lose the file.
      ch.force(true);
      ch.close();
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      force(target.getParent());
      for (Path parent : newDirectoryParents) {
        force(parent);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (!committed) {
        try {
          ch.close();
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
  }
}
