package org.pathways.hub.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.TextSniff;

/**
 * The pass over a file before it is parsed ({@link TextSniff}), on a thread of its own. It only
 * decrypts and reads bytes, while opening the load mostly waits on the database (the district's
 * live records read into memory take seconds on a large data set), so the two go on at once: a
 * night that resends 6.7 M unchanged grades starts parsing about as much sooner as the pass takes.
 *
 * <p>{@link #join()} gives the outcome, or throws what the pass threw (an archive that breaks its
 * limits, an unreadable vault segment) as if it had run on the caller's thread. {@link #close()}
 * stops a pass nobody waits for any more and waits for its thread, so the file is closed after.
 */
final class SniffAhead implements AutoCloseable {

  private final FutureTask<TextSniff> task;
  private final Thread thread;
  private volatile boolean stopped;

  private SniffAhead(StreamSource source, String knownSha256) {
    this.task =
        new FutureTask<>(
            () -> {
              try (InputStream in = new Stoppable(source.open())) {
                return TextSniff.of(in, knownSha256);
              }
            });
    this.thread = new Thread(task, "sniff");
    thread.setDaemon(true);
  }

  /**
   * Starts the pass.
   *
   * @param knownSha256 the file's SHA-256 when the vault took it as the file arrived, else null
   */
  static SniffAhead start(StreamSource source, String knownSha256) {
    SniffAhead ahead = new SniffAhead(source, knownSha256);
    ahead.thread.start();
    return ahead;
  }

  /** Waits for the pass and gives what it found. */
  TextSniff join() throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while reading the file");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The file's bytes, ending the pass at its next read once nobody waits for it. */
  private final class Stoppable extends FilterInputStream {
    Stoppable(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (stopped) {
        throw new InterruptedIOException("The pass over the file is no longer wanted");
      }
      return super.read(b, off, len);
    }
  }
}
