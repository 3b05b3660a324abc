package org.pathways.hub.receive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;

/**
 * Stores an upload in the vault while it streams in, so that when the client closes the file it is
 * already encrypted and nearly durable: the close costs a flush, not a second pass over the file.
 * It works while the client writes the file in order from its start, as every common client does;
 * any other write (a resume, a rewrite) abandons it, and the file is stored from the inbox after
 * the close instead.
 */
final class Tee {

  private static final byte[] END = new byte[0];
  private static final byte[] ABANDONED = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
  private final Future<StoredFile> stored;
  private long expected;
  private boolean broken;

  Tee(Vault vault, String district, String name, ExecutorService storer) {
    this.stored = storer.submit(() -> vault.store(district, name, new Chunks()));
  }

  /** Passes on bytes just written at {@code position}; anything out of order abandons the tee. */
  synchronized void written(long position, ByteBuffer data) {
    if (broken) {
      return;
    }
    if (position != expected || stored.isDone()) {
      abandon();
      return;
    }
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    expected += copy.length;
    put(copy);
  }

  /**
   * Ends the stream when the upload closed with {@code size} bytes.
   *
   * @return the stored file, or null when the tee did not hold the whole file
   */
  synchronized StoredFile finish(long size) throws IOException {
    if (broken || expected != size) {
      abandon();
      return null;
    }
    put(END);
    try {
      return stored.get();
    } catch (ExecutionException e) {
      throw new IOException("The vault could not store the upload", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while storing the upload", e);
    }
  }

  /** Gives up: the vault's partial copy is removed by the vault itself. */
  synchronized void abandon() {
    if (!broken) {
      broken = true;
      chunks.clear();
      chunks.offer(ABANDONED);
    }
  }

  private void put(byte[] chunk) {
    try {
      // Waits while the vault catches up, which paces the upload; stops waiting if the vault
      // has failed, so a write never hangs on a store that is gone.
      while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (stored.isDone()) {
          broken = true;
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon();
    }
  }

  /** An upload's channel that also hands every write to the tee. */
  static final class Channel extends ForwardingChannel {
    private final Tee tee;

    Channel(SeekableByteChannel ch, Tee tee) {
      super(ch);
      this.tee = tee;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long at = ch.position();
      ByteBuffer copy = src.duplicate();
      int n = ch.write(src);
      copy.limit(copy.position() + n);
      tee.written(at, copy);
      return n;
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
      tee.abandon();
      return super.truncate(size);
    }
  }

  /** The vault's side: the chunks as one stream, failing if the upload is abandoned. */
  private final class Chunks extends InputStream {
    private byte[] current = new byte[0];
    private int at;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (at == current.length) {
        if (ended) {
          return -1;
        }
        byte[] next;
        try {
          next = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (next == ABANDONED) {
          throw new IOException("upload abandoned");
        }
        if (next == END) {
          ended = true;
          return -1;
        }
        current = next;
        at = 0;
      }
      int n = Math.min(len, current.length - at);
      System.arraycopy(current, at, b, off, n);
      at += n;
      return n;
    }
  }
}
