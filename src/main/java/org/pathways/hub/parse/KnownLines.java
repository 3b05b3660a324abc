package org.pathways.hub.parse;

/**
 * The lines of text a district's live records were loaded from, recognised by a hash of their text
 * before they are split: on a night when little changed nearly every line is one of them, and costs
 * a lookup instead of splitting, mapping, validating and hashing its values. The lookup ({@link
 * #find}) runs on the thread that reads the file, so it must keep no state.
 */
public interface KnownLines extends DelimitedReader.Lookup {

  /**
   * What, beside a line's own text, decides what the line becomes (the file's layout, the
   * district's state, the rules it is checked by), as the seed of the line hashes: the same text
   * under another seed is not recognised. The parser adds the file's header.
   */
  long seed();

  /** Takes a line {@link #find} recognised, in the file's order with the other rows. */
  void seen(int record, long line);
}
