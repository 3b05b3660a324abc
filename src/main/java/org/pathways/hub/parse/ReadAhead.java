package org.pathways.hub.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads records on a thread of its own while the caller maps, validates and stages the ones already
 * read: decrypting, decoding and splitting a file is about a third of the work on a row, and on a
 * night when few rows change the database is idle, so a second core can do it. Batches keep the
 * hand-over cheap; a bounded queue keeps memory bounded (at most {@value #BATCHES} batches of
 * {@value #BATCH} records ahead).
 *
 * <p>Records come out in the order they were read, with any failure of the reader (an unreadable
 * vault segment) thrown to the caller at the point it happened. {@link #close()} stops the thread
 * and waits for it, so the input it reads can be closed after.
 */
final class ReadAhead implements AutoCloseable {

  static final int BATCH = 512;
  static final int BATCHES = 8;

  private static final List<RawRecord> END = List.of();

  private final BlockingQueue<List<RawRecord>> queue = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile RuntimeException failure;
  private volatile boolean stopped;
  private List<RawRecord> batch = new ArrayList<>();
  private int next;
  private boolean ended;

  ReadAhead(DelimitedReader reader) {
    thread = new Thread(() -> read(reader), "read-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(DelimitedReader reader) {
    try {
      List<RawRecord> out = new ArrayList<>(BATCH);
      RawRecord rec;
      while (!stopped && (rec = reader.next()) != null) {
        out.add(rec);
        if (out.size() == BATCH) {
          queue.put(out);
          out = new ArrayList<>(BATCH);
        }
      }
      if (!out.isEmpty()) {
        queue.put(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next record, or null at the end of the input. */
  RawRecord next() {
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
      if (batch == END) {
        ended = true;
        if (failure != null) {
          throw failure;
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
