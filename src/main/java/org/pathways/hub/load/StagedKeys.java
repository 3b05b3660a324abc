package org.pathways.hub.load;

import java.util.Arrays;

/**
 * The first 64 bits of the key of every row a load stages, kept so that a file without repeated
 * keys (nearly every file) is known to have none without grouping the staged rows in SQL, which
 * spills to disk at millions of rows. Two rows with the same key have the same prefix, so a file
 * whose prefixes are all different repeats no key; only when two prefixes are equal, or when there
 * were too many rows to keep, are the staged rows grouped to find the lines.
 */
final class StagedKeys {

  private final int max;
  private long[] keys;
  private int n;
  private boolean overflowed;

  /**
   * @param expected about how many rows will be staged, to size the array once
   * @param max the most prefixes kept; past it the staged rows are checked in SQL
   */
  StagedKeys(long expected, int max) {
    this.max = max;
    this.keys = new long[(int) Math.max(1024, Math.min(max, expected + expected / 16))];
  }

  void add(long prefix) {
    if (overflowed) {
      return;
    }
    if (n == keys.length) {
      if (n >= max) {
        overflowed = true;
        keys = null;
        return;
      }
      keys = Arrays.copyOf(keys, (int) Math.min(max, (long) n * 2));
    }
    keys[n++] = prefix;
  }

  /**
   * Whether two staged rows may share a key: some prefix came twice, or there were too many to
   * keep. Sorts the prefixes and lets them go; called once, when staging ends.
   */
  boolean mayRepeat() {
    if (overflowed) {
      return true;
    }
    long[] sorted = keys;
    keys = null;
    Arrays.sort(sorted, 0, n);
    for (int i = 1; i < n; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return true;
      }
    }
    return false;
  }
}
