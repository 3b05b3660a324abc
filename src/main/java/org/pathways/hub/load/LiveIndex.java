package org.pathways.hub.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The live records of one file's scope, held in memory as the first 96 bits of their key hash and
 * the first 64 bits of their value hash, so that a row the district sends again unchanged is
 * recognised without being staged, compared or written: on most nights that is nearly every row.
 * Beside them, the hash of the line each was loaded from, so that an unchanged line is recognised
 * before it is even split ({@link #findLines}).
 *
 * <p>About 38 bytes per record (a sorted array of key prefixes, their value hashes, the line that
 * named each one, a directory of buckets over the sorted keys, and the same over the sorted line
 * hashes with the record of each), read with one {@code COPY} in binary. A record is found in one
 * or two cache lines: the keys and line hashes are uniform, and a directory's bucket of the top
 * bits holds about four of them.
 *
 * <p>Two live records whose keys share their first 64 bits would make the ranges by which absent
 * records are retired ambiguous; the index is then not built and the load compares in SQL, as a
 * first load does. For one district that happens about once in 10^6 nights at eight million rows.
 */
final class LiveIndex {

  private final long[] keys;
  private final int[] keyTails;
  private final long[] hashes;
  private final int[] lines;
  private final int[] directory;
  private final int shift;
  private final int size;

  /** Line hashes in unsigned order, the record of each beside it, and their directory. */
  private final long[] lineHashes;

  private final int[] lineRecords;
  private final int[] lineDirectory;
  private final int lineShift;
  private final int lineCount;
  private int seen;

  private LiveIndex(long[] keys, int[] keyTails, long[] hashes, long[] lineOf, int size) {
    this.keys = keys;
    this.keyTails = keyTails;
    this.hashes = hashes;
    this.size = size;
    this.lines = new int[size];
    int bits = bucketBits(size);
    this.shift = 64 - bits;
    this.directory = directory(keys, size, shift, bits);
    // The line hashes are sorted in their own array, the one they were read into, with the record
    // of each carried along: no second copy of them is ever held.
    int n = 0;
    int[] records = new int[size];
    for (int i = 0; i < size; i++) {
      if (lineOf[i] != 0) {
        lineOf[n] = lineOf[i];
        records[n++] = i;
      }
    }
    sort(lineOf, null, records, 0, n - 1, null);
    // Two records loaded from one line's text would be a collision of the hash; neither is
    // recognised by it then.
    for (int i = 1; i < n; i++) {
      if (lineOf[i] == lineOf[i - 1]) {
        records[i] = -1;
        records[i - 1] = -1;
      }
    }
    this.lineHashes = lineOf;
    this.lineRecords = records;
    this.lineCount = n;
    int lineBits = bucketBits(n);
    this.lineShift = 64 - lineBits;
    this.lineDirectory = directory(lineOf, n, lineShift, lineBits);
  }

  /** Bits of a directory over {@code n} sorted values, with about four values a bucket. */
  private static int bucketBits(int n) {
    return Math.max(4, 64 - Long.numberOfLeadingZeros(Math.max(1, n / 4)));
  }

  /**
   * Bucket b holds the values whose top bits, read unsigned, are b: a counting pass, then sums; the
   * bucket's values are {@code [dir[b], dir[b + 1])}.
   */
  private static int[] directory(long[] sorted, int n, int shift, int bits) {
    int[] dir = new int[(1 << bits) + 1];
    for (int i = 0; i < n; i++) {
      dir[(int) (sorted[i] >>> shift) + 1]++;
    }
    for (int b = 1; b < dir.length; b++) {
      dir[b] += dir[b - 1];
    }
    return dir;
  }

  /**
   * Bytes a record takes in the index, to decide whether a scope fits the heap: key prefix, key
   * tail, value hash, line, and a quarter of a directory slot; line hash, its record, and a quarter
   * of a slot of their directory.
   */
  static final int BYTES_PER_RECORD = 8 + 4 + 8 + 4 + 1 + 8 + 4 + 1;

  /**
   * Reads the live records that {@code select} returns ({@code rec_key, rec_hash, line_hash}),
   * expecting about {@code expected} of them. Empty when there are more than {@code max}, or when
   * two of their keys share a 64-bit prefix.
   */
  static Optional<LiveIndex> read(Connection conn, String select, int expected, int max)
      throws SQLException {
    Reading r = new Reading(Math.max(16, expected), max);
    UuidCopy.read(conn, select, 3, r::add);
    if (r.tooMany) {
      return Optional.empty();
    }
    sort(r.keys, r.lineOf, r.tails, 0, r.n - 1, r.hashes);
    for (int i = 1; i < r.n; i++) {
      if (r.keys[i] == r.keys[i - 1]) {
        return Optional.empty();
      }
    }
    return Optional.of(new LiveIndex(r.keys, r.tails, r.hashes, r.lineOf, r.n));
  }

  /** The arrays as the rows come, grown by half when full, up to {@code max} records. */
  private static final class Reading {
    private final int max;
    long[] keys;
    int[] tails;
    long[] hashes;
    long[] lineOf;
    int n;
    boolean tooMany;

    Reading(int capacity, int max) {
      this.max = max;
      keys = new long[capacity];
      tails = new int[capacity];
      hashes = new long[capacity];
      lineOf = new long[capacity];
    }

    /** One row: {@code rec_key} as row[0..1], {@code rec_hash} as row[2..3], line_hash row[4]. */
    boolean add(long[] row) {
      if (n == max) {
        tooMany = true;
        return false;
      }
      if (n == keys.length) {
        int grown = (int) Math.min(max, keys.length + (long) (keys.length >> 1));
        keys = Arrays.copyOf(keys, grown);
        tails = Arrays.copyOf(tails, grown);
        hashes = Arrays.copyOf(hashes, grown);
        lineOf = Arrays.copyOf(lineOf, grown);
      }
      keys[n] = row[0];
      tails[n] = (int) (row[1] >>> 32);
      hashes[n] = row[2];
      lineOf[n] = row[4];
      n++;
      return true;
    }
  }

  /** Live records in the scope. */
  int size() {
    return size;
  }

  /** Live records no row has named so far: those the file leaves out. */
  int unseen() {
    return size - seen;
  }

  /** The slot of the record with this key, or -1 when none is live. */
  int find(long key, int keyTail) {
    int b = (int) (key >>> shift);
    for (int i = directory[b], end = directory[b + 1]; i < end; i++) {
      if (keys[i] == key) {
        return keyTails[i] == keyTail ? i : -1;
      }
    }
    return -1;
  }

  /** Whether any live record has the hash of its line, so that {@link #findLines} can find one. */
  boolean hasLines() {
    return lineCount > 0;
  }

  /**
   * The slots of the live records that were loaded from lines with these {@code n} hashes, into
   * {@code records}, or -1 for a line no record was loaded from. Reads nothing that changes once
   * the index is made, so the thread that reads the file may call it. Each pass over the batch
   * reads what the pass before found (the bucket, then the hash in it, then its record), so the
   * reads of one pass wait on nothing of each other and their cache misses overlap, where one line
   * at a time waits for each in turn.
   */
  void findLines(long[] hashes, int n, int[] records) {
    for (int i = 0; i < n; i++) {
      records[i] = lineDirectory[(int) (hashes[i] >>> lineShift)];
    }
    for (int i = 0; i < n; i++) {
      long h = hashes[i];
      int end = lineDirectory[(int) (h >>> lineShift) + 1];
      int found = -1;
      for (int j = records[i]; j < end; j++) {
        if (lineHashes[j] == h) {
          found = j;
          break;
        }
      }
      records[i] = found;
    }
    for (int i = 0; i < n; i++) {
      if (records[i] >= 0) {
        records[i] = lineRecords[records[i]];
      }
    }
  }

  /** The 64-bit prefix of the key of the record in {@code slot}. */
  long key(int slot) {
    return keys[slot];
  }

  long hash(int slot) {
    return hashes[slot];
  }

  /**
   * Marks a record as named by {@code line}; returns 0 the first time, or the line that named it
   * before.
   */
  long see(int slot, long line) {
    int before = lines[slot];
    if (before != 0) {
      return before;
    }
    lines[slot] = (int) Math.min(Integer.MAX_VALUE, Math.max(1, line));
    seen++;
    return 0;
  }

  /** The 64-bit key prefixes of the records no row named, in key order. */
  long[] unseenKeys() {
    long[] out = new long[unseen()];
    int o = 0;
    for (int i = 0; i < size; i++) {
      if (lines[i] == 0) {
        out[o++] = keys[i];
      }
    }
    return out;
  }

  /** Records from which the index is sorted on two threads: the thread that reads waits for it. */
  private static final int TWO_THREADS_FROM = 1 << 20;

  /**
   * Sorts {@code k} unsigned, as a directory reads the top bits, moving {@code t}, {@code h} and
   * {@code h2} (either may be null) along. A large index is split once and its halves sorted on two
   * threads: the file's reading waits for the index, so the second core is otherwise idle (6.7 M
   * grades: about 1.5 s of sorting on one).
   */
  private static void sort(long[] k, long[] h, int[] t, int lo, int hi, long[] h2) {
    if (hi - lo < TWO_THREADS_FROM) {
      sortOnThisThread(k, h, t, lo, hi, h2);
      return;
    }
    long split = partition(k, h, t, lo, hi, h2);
    int leftEnd = (int) split;
    int rightStart = (int) (split >>> 32);
    Thread left = new Thread(() -> sortOnThisThread(k, h, t, lo, leftEnd, h2), "live-index-sort");
    left.start();
    sortOnThisThread(k, h, t, rightStart, hi, h2);
    boolean interrupted = false;
    while (left.isAlive()) {
      try {
        left.join();
      } catch (InterruptedException e) {
        // The other half is still being moved; the arrays are only read once both are done.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sortOnThisThread(long[] k, long[] h, int[] t, int lo, int hi, long[] h2) {
    // Quicksort on uniform keys (MD5), so the middle element is as good a pivot as any; the smaller
    // side recurses, the larger loops, which bounds the stack.
    while (hi - lo > 16) {
      long split = partition(k, h, t, lo, hi, h2);
      int j = (int) split;
      int i = (int) (split >>> 32);
      if (j - lo < hi - i) {
        sortOnThisThread(k, h, t, lo, j, h2);
        lo = i;
      } else {
        sortOnThisThread(k, h, t, i, hi, h2);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && Long.compareUnsigned(k[j - 1], k[j]) > 0; j--) {
        swap(k, h, t, h2, j, j - 1);
      }
    }
  }

  /**
   * One partition of {@code [lo, hi]} around its middle value: returns the start of the upper part
   * in the high 32 bits and the end of the lower part in the low 32.
   */
  private static long partition(long[] k, long[] h, int[] t, int lo, int hi, long[] h2) {
    long pivot = k[(lo + hi) >>> 1];
    int i = lo;
    int j = hi;
    while (i <= j) {
      while (Long.compareUnsigned(k[i], pivot) < 0) {
        i++;
      }
      while (Long.compareUnsigned(k[j], pivot) > 0) {
        j--;
      }
      if (i <= j) {
        swap(k, h, t, h2, i++, j--);
      }
    }
    return ((long) i << 32) | (j & 0xffffffffL);
  }

  private static void swap(long[] k, long[] h, int[] t, long[] h2, int a, int b) {
    long kk = k[a];
    k[a] = k[b];
    k[b] = kk;
    int tt = t[a];
    t[a] = t[b];
    t[b] = tt;
    if (h != null) {
      long hh = h[a];
      h[a] = h[b];
      h[b] = hh;
    }
    if (h2 != null) {
      long hh = h2[a];
      h2[a] = h2[b];
      h2[b] = hh;
    }
  }
}
