package org.pathways.hub.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and prepares records on a thread of its own while the caller stages the ones already
 * prepared: decrypting, decoding, splitting, mapping, validating and hashing a record is more than
 * half the work on a row, and on a night when few rows change the database is idle, so a second
 * core can do it. Batches keep the hand-over cheap; a bounded queue keeps memory bounded (at most
 * {@value #BATCHES} batches of {@value #BATCH} records ahead).
 *
 * <p>Records come out in the order they were read, with any failure of the reader (an unreadable
 * vault segment) or of the preparation thrown to the caller at the point it happened. {@link
 * #close()} stops the thread and waits for it, so the input it reads can be closed after.
 *
 * @param <T> a record as prepared
 */
final class ReadAhead<T> implements AutoCloseable {

  static final int BATCH = 512;
  static final int BATCHES = 8;

  private final List<T> end = new ArrayList<>(0);

  private final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean stopped;
  private List<T> batch = new ArrayList<>();
  private int next;
  private boolean ended;

  /**
   * @param reader the records
   * @param first a record already read from it to come out first, or null
   * @param prepare what is done to each record on the reading thread, told whether the caller is
   *     behind (at least half the batches the queue holds are waiting for it); it runs on that
   *     thread only
   */
  ReadAhead(DelimitedReader reader, RawRecord first, Preparer<T> prepare) {
    thread = new Thread(() -> read(reader, first, prepare), "read-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(DelimitedReader reader, RawRecord first, Preparer<T> prepare) {
    try {
      List<T> out = new ArrayList<>(BATCH);
      boolean behind = false;
      RawRecord rec = first == null ? reader.next() : first;
      for (; !stopped && rec != null; rec = reader.next()) {
        out.add(prepare.prepare(rec, behind));
        if (out.size() == BATCH) {
          queue.put(out);
          out = new ArrayList<>(BATCH);
          behind = queue.size() >= BATCHES / 2;
        }
      }
      if (!out.isEmpty()) {
        queue.put(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException | Error e) {
      // Passed to the caller with the end, which it would otherwise wait for forever.
      failure = e;
    }
    try {
      queue.put(end);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the reading thread does to each record. */
  @FunctionalInterface
  interface Preparer<T> {
    /**
     * @param callerBehind whether the caller is behind the reading thread, as last seen
     */
    T prepare(RawRecord rec, boolean callerBehind);
  }

  /** The next record, or null at the end of the input. */
  T next() {
    while (next == batch.size()) {
      if (ended) {
        return null;
      }
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while reading the file", e);
      }
      next = 0;
      if (batch == end) {
        ended = true;
        if (failure instanceof RuntimeException e) {
          throw e;
        }
        if (failure instanceof Error e) {
          throw e;
        }
        return null;
      }
    }
    return batch.get(next++);
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
