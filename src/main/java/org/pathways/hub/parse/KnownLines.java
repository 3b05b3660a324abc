package org.pathways.hub.parse;

/**
 * The lines of text a district's live records were loaded from, recognised by a hash of their text
 * before they are split: on a night when little changed nearly every line is one of them, and costs
 * a lookup instead of splitting, mapping, validating and hashing its values.
 */
public interface KnownLines {

  /**
   * What, beside a line's own text, decides what the line becomes (the file's layout, the
   * district's state, the rules it is checked by), as the seed of the line hashes: the same text
   * under another seed is not recognised. The parser adds the file's header.
   */
  long seed();

  /**
   * The live record a line with this hash was loaded from, or -1. Runs on the thread that reads the
   * file, so it must keep no state.
   */
  int find(long lineHash);

  /**
   * The live records of {@code n} line hashes at once, into {@code records}, as {@link #find} gives
   * each: an index may look a batch up faster than one line at a time.
   */
  default void findAll(long[] lineHashes, int n, int[] records) {
    for (int i = 0; i < n; i++) {
      records[i] = find(lineHashes[i]);
    }
  }

  /** Takes a line {@link #find} recognised, in the file's order with the other rows. */
  void seen(int record, long line);
}
