package org.pathways.hub.vault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/** A vault on the local disk: one immutable file per received file, under a dated folder. */
public final class LocalVault implements Vault {

  private final Path root;
  private final Clock clock;

  public LocalVault(Path root, Clock clock) throws IOException {
    this.root = Files.createDirectories(root);
    this.clock = clock;
  }

  @Override
  public StoredFile store(String district, String fileName, InputStream content)
      throws IOException {
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    String safeName = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    String key =
        district
            + "/"
            + day.getYear()
            + "/"
            + String.format(java.util.Locale.ROOT, "%02d", day.getMonthValue())
            + "/"
            + UUID.randomUUID()
            + "-"
            + safeName;
    Path target = root.resolve(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".partial");
    MessageDigest sha = sha256();
    long size = 0;
    try (InputStream in = new DigestInputStream(content, sha);
        FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        size += n;
      }
      out.flush();
      // Durable before acknowledged: a crash after store() returns must not lose the file.
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    return new StoredFile(key, HexFormat.of().formatHex(sha.digest()), size);
  }

  @Override
  public InputStream open(StoredFile file) throws IOException {
    Path p = root.resolve(file.key()).normalize();
    if (!p.startsWith(root)) {
      throw new IOException("Vault key leaves the vault: " + file.key());
    }
    return new Verified(Files.newInputStream(p), file);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails the last read if the bytes on disk are not the bytes that were received. */
  private static final class Verified extends FilterInputStream {
    private final MessageDigest sha = sha256();
    private final StoredFile file;
    private boolean checked;

    Verified(InputStream in, StoredFile file) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        sha.update(b, off, n);
      } else if (n < 0 && !checked) {
        checked = true;
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256())) {
          throw new IOException("Vault file " + file.key() + " does not match its checksum");
        }
      }
      return n;
    }
  }
}
