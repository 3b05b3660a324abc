package org.pathways.hub.receive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.WrappedKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps uploads in progress encrypted in the inboxes, so a file being received never sits in clear
 * on disk either. AES-CTR, because an SFTP upload writes (and a resumed one rewrites) at any offset
 * and the file must keep exactly the size the client wrote; the file is authenticated later, when
 * the vault stores it with its checksum. One key for the hub, wrapped by the master key; a fresh
 * random nonce for every upload started, so no two uploads share a key stream.
 */
@Component
public class InboxCrypto {

  private static final byte[] ASSOCIATED =
      "pathways-hub inbox key".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final KeyWrapper master;
  private final Clock clock;
  private volatile SecretKeySpec key;

  public InboxCrypto(JdbcClient jdbc, KeyWrapper master, Clock clock) {
    this.jdbc = jdbc;
    this.master = master;
    this.clock = clock;
  }

  /** Starts a new upload of {@code name}: a new nonce, replacing any earlier upload's. */
  public byte[] start(String district, String name) {
    return freshNonce("inbox_upload", "started_at", district, name);
  }

  /** The nonce of an upload that may be resumed, if the hub started it. */
  public Optional<byte[]> nonceOf(String district, String name) {
    return nonceIn("inbox_upload", district, name);
  }

  /** A new nonce for a result file about to be (re)written. */
  public byte[] startResult(String district, String name) {
    return freshNonce("result_file", "written_at", district, name);
  }

  /** The nonce of a result file the hub wrote. */
  public Optional<byte[]> resultNonce(String district, String name) {
    return nonceIn("result_file", district, name);
  }

  private byte[] freshNonce(String table, String timeColumn, String district, String name) {
    // The first 8 bytes of the counter block are the file's; the last 8 count its blocks.
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    jdbc.sql(
            "insert into "
                + table
                + " (district, name, nonce, "
                + timeColumn
                + ") values (?, ?, ?, ?) on conflict (district, name) do update set"
                + " nonce = excluded.nonce, "
                + timeColumn
                + " = excluded."
                + timeColumn)
        .params(district, name, nonce, Timestamp.from(clock.instant()))
        .update();
    return nonce;
  }

  private Optional<byte[]> nonceIn(String table, String district, String name) {
    return jdbc.sql("select nonce from " + table + " where district = ? and name = ?")
        .params(district, name)
        .query((rs, i) -> rs.getBytes(1))
        .optional();
  }

  /** Carries an upload's nonce to its new name when the client renames it. */
  public void renamed(String district, String from, String to) {
    jdbc.sql("delete from inbox_upload where district = ? and name = ?")
        .params(district, to)
        .update();
    jdbc.sql("update inbox_upload set name = ? where district = ? and name = ?")
        .params(to, district, from)
        .update();
  }

  public void forget(String district, String name) {
    jdbc.sql("delete from inbox_upload where district = ? and name = ?")
        .params(district, name)
        .update();
  }

  /** The file's channel, encrypting what is written and decrypting what is read. */
  public SeekableByteChannel channel(SeekableByteChannel file, byte[] nonce) {
    return new CtrChannel(file, key(), nonce);
  }

  /** Reads an inbox file in clear, from its start. */
  public InputStream open(Path file, byte[] nonce) throws IOException {
    return Channels.newInputStream(
        new CtrChannel(FileChannel.open(file, StandardOpenOption.READ), key(), nonce));
  }

  /**
   * Re-wraps the inbox key with the master key's primary version, after a master key rotation; the
   * key itself stays, so uploads in the inbox still open.
   *
   * @return whether it was wrapped by another version and is now re-wrapped
   */
  public boolean rewrap() {
    try {
      String primary = master.primaryVersion();
      record Stored(byte[] wrapped, String version) {}
      Optional<Stored> stored =
          jdbc.sql("select wrapped, master_version from inbox_key where id = 1 for update")
              .query((rs, i) -> new Stored(rs.getBytes(1), rs.getString(2)))
              .optional();
      if (stored.isEmpty() || stored.get().version().equals(primary)) {
        return false;
      }
      byte[] raw = master.unwrap(stored.get().wrapped(), ASSOCIATED);
      WrappedKey w = master.wrap(raw, ASSOCIATED);
      // The old wrapping in the where clause: two rotations at once re-wrap it once.
      return jdbc.sql(
                  "update inbox_key set wrapped = ?, master_version = ? where id = 1"
                      + " and master_version = ?")
              .params(w.ciphertext(), w.masterVersion(), stored.get().version())
              .update()
          == 1;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("The inbox key cannot be re-wrapped with the master key", e);
    }
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          key = loadOrCreate();
        }
        k = key;
      }
    }
    return k;
  }

  private SecretKeySpec loadOrCreate() {
    try {
      Optional<byte[]> wrapped =
          jdbc.sql("select wrapped from inbox_key where id = 1")
              .query((rs, i) -> rs.getBytes(1))
              .optional();
      if (wrapped.isPresent()) {
        return new SecretKeySpec(master.unwrap(wrapped.get(), ASSOCIATED), "AES");
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      WrappedKey w = master.wrap(fresh, ASSOCIATED);
      int inserted =
          jdbc.sql(
                  "insert into inbox_key (id, wrapped, master_version, created_at)"
                      + " values (1, ?, ?, ?) on conflict (id) do nothing")
              .params(w.ciphertext(), w.masterVersion(), Timestamp.from(clock.instant()))
              .update();
      // Another node may have made it first: then its key is the one.
      return inserted == 1 ? new SecretKeySpec(fresh, "AES") : loadOrCreate();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("The inbox key cannot be opened with the master key", e);
    }
  }

  /** AES-CTR over a file, at whatever position it is read or written. */
  static final class CtrChannel extends ForwardingChannel {
    private final SecretKeySpec key;
    private final byte[] nonce;
    private final Cipher cipher;
    // Where the key stream stands: an upload writes in order, so most writes continue it as is.
    private long streamAt = -1;
    private ByteBuffer scratch = ByteBuffer.allocate(0);

    CtrChannel(SeekableByteChannel ch, SecretKeySpec key, byte[] nonce) {
      super(ch);
      this.key = key;
      this.nonce = nonce.clone();
      try {
        this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Positions the key stream at byte {@code position} of the file. */
    private void seek(long position) throws IOException {
      byte[] iv = nonce.clone();
      long block = position >>> 4;
      for (int i = 15; i >= 8; i--) {
        iv[i] = (byte) block;
        block >>>= 8;
      }
      try {
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        int skip = (int) (position & 15);
        if (skip > 0) {
          cipher.update(new byte[skip]);
        }
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
    }

    /** Makes the key stream stand at {@code position}, unless it already does. */
    private void at(long position) throws IOException {
      if (position != streamAt) {
        seek(position);
      }
      // Unknown until the bytes are through: a failed write or read leaves the stream elsewhere.
      streamAt = -1;
    }

    private ByteBuffer scratch(int n) {
      if (scratch.capacity() < n) {
        scratch = ByteBuffer.allocate(n);
      }
      scratch.clear().limit(n);
      return scratch;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long position = ch.position();
      at(position);
      ByteBuffer out = scratch(src.remaining());
      try {
        cipher.update(src, out);
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
      out.flip();
      int n = out.remaining();
      while (out.hasRemaining()) {
        ch.write(out);
      }
      streamAt = position + n;
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      long position = ch.position();
      ByteBuffer in = scratch(dst.remaining());
      int n = ch.read(in);
      if (n <= 0) {
        return n;
      }
      in.flip();
      at(position);
      try {
        cipher.update(in, dst);
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
      streamAt = position + n;
      return n;
    }
  }
}
