package org.pathways.hub.vault;

import com.google.crypto.tink.StreamingAead;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault: each received file encrypted as it streams in (Tink streaming AEAD, 1 MB segments)
 * with its district's key, into a {@link BlobStore}. The SHA-256 and size of the plaintext are
 * taken on the way in and checked on the way out; the blob itself is authenticated, with its
 * district and key as associated data, so a blob altered, truncated or moved to another place or
 * district does not open.
 */
public final class EncryptedVault implements Vault {

  private static final Logger log = LoggerFactory.getLogger(EncryptedVault.class);
  private static final Pattern DISTRICT = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final int MAX_NAME_IN_KEY = 120;

  private final BlobStore blobs;
  private final DistrictKeys keys;
  private final Clock clock;

  public EncryptedVault(BlobStore blobs, DistrictKeys keys, Clock clock) {
    this.blobs = blobs;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public StoredFile store(String district, String fileName, InputStream content)
      throws IOException {
    String key = newKey(district, fileName);
    StreamingAead aead = key(district, true);
    MessageDigest sha = sha256();
    long size = 0;
    try (BlobOutput out = blobs.create(key)) {
      OutputStream encrypting;
      try {
        encrypting = aead.newEncryptingStream(new Unclosed(out), associatedData(district, key));
      } catch (GeneralSecurityException e) {
        throw new IOException("Could not encrypt a file of district " + district, e);
      }
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = content.read(buf)) != -1) {
        sha.update(buf, 0, n);
        encrypting.write(buf, 0, n);
        size += n;
      }
      // Writes the last, authenticated segment; only then is the blob complete.
      encrypting.close();
      out.commit();
    }
    log.debug("Stored {} bytes of district {} as {}", size, district, key);
    return new StoredFile(key, HexFormat.of().formatHex(sha.digest()), size);
  }

  @Override
  public InputStream open(StoredFile file) throws IOException {
    String district = districtOf(file.key());
    StreamingAead aead = key(district, false);
    InputStream raw;
    try {
      raw = blobs.open(file.key());
    } catch (NoSuchFileException e) {
      NoSuchFileException missing =
          new NoSuchFileException(
              file.key(),
              null,
              "not in the vault (" + blobs.describe() + "): it was purged, or never stored");
      missing.initCause(e);
      throw missing;
    }
    try {
      InputStream plain =
          aead.newDecryptingStream(new Raw(raw), associatedData(district, file.key()));
      return new Verified(plain, file, district);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      raw.close();
      throw new IOException(cannotDecrypt(file, district, e), e);
    }
  }

  @Override
  public void delete(StoredFile file) throws IOException {
    blobs.delete(file.key());
  }

  private StreamingAead key(String district, boolean forWriting) throws IOException {
    Tink.compileCounterMode();
    try {
      return forWriting ? keys.forWriting(district) : keys.forReading(district);
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private String newKey(String district, String fileName) {
    if (!DISTRICT.matcher(district).matches()) {
      throw new IllegalArgumentException("Not a district code: '" + district + "'");
    }
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    String safeName = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safeName.length() > MAX_NAME_IN_KEY) {
      safeName = safeName.substring(safeName.length() - MAX_NAME_IN_KEY);
    }
    return String.format(
        Locale.ROOT,
        "%s/%04d/%02d/%s-%s",
        district,
        day.getYear(),
        day.getMonthValue(),
        UUID.randomUUID(),
        safeName);
  }

  /** The district a key belongs to: the vault's keys start with it. */
  private static String districtOf(String key) {
    int slash = key.indexOf('/');
    String district = slash < 0 ? "" : key.substring(0, slash);
    if (!DISTRICT.matcher(district).matches()) {
      throw new IllegalArgumentException("Not a vault key: '" + key + "'");
    }
    return district;
  }

  /** Binds a blob to its district and its key: copied anywhere else, it does not decrypt. */
  private static byte[] associatedData(String district, String key) {
    return ("pathways-hub/vault/blob/v1:" + district + ":" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static String cannotDecrypt(StoredFile file, String district, Exception e) {
    return "Vault file "
        + file.key()
        + " of district "
        + district
        + " does not decrypt with the district's key: it was altered, truncated or does not"
        + " belong here ("
        + e.getMessage()
        + ")";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lets the cipher finish its stream without closing the blob, which only a commit completes. */
  private static final class Unclosed extends FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** A failure to read the stored bytes themselves, told apart from a failure to decrypt them. */
  private static final class RawReadException extends IOException {
    private static final long serialVersionUID = 1L;

    RawReadException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The blob as stored; its own read failures are marked as such. */
  private static final class Raw extends FilterInputStream {
    Raw(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new RawReadException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new RawReadException(e);
      }
    }
  }

  /**
   * The plaintext, checked against what was received: a segment that fails its authentication, or a
   * checksum or size that differs at the end, fails the read.
   */
  private static final class Verified extends FilterInputStream {
    private final MessageDigest sha = sha256();
    private final StoredFile file;
    private final String district;
    private long size;
    private boolean checked;

    Verified(InputStream in, StoredFile file, String district) {
      super(in);
      this.file = file;
      this.district = district;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (RawReadException e) {
        throw (IOException) e.getCause();
      } catch (IOException e) {
        throw new IOException(cannotDecrypt(file, district, e), e);
      }
      if (n > 0) {
        sha.update(b, off, n);
        size += n;
      } else if (n < 0 && !checked) {
        checked = true;
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256()) || size != file.size()) {
          throw new IOException(
              "Vault file " + file.key() + " does not match its checksum or size as received");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Every byte must pass through the checksum, so skipping reads.
      byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
      long left = n;
      while (left > 0) {
        int r = read(buf, 0, (int) Math.min(left, buf.length));
        if (r < 0) {
          break;
        }
        left -= r;
      }
      return n - left;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
