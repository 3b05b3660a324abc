package org.pathways.hub.serve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a consumer stands in a district's change feed: the publication (a loaded run's place in the
 * order its district's loads committed) and the last change of it already read. Opaque to the
 * consumer, and naming its district so that one district's cursor is not taken for another's.
 *
 * <p>A publication whose changes are read from the live table (a first load, see V22) is read in
 * the order of its records' keys, so a position within it is the key of the last record read.
 *
 * @param district the district whose feed it reads
 * @param publication the publication of the last change read (0 before the first)
 * @param seq the last change read within it, or {@link #WHOLE} when all of it was read, or 0 when
 *     nothing of it was read or the position is {@code key}
 * @param key the key of the last record read within a publication read from the live table, or null
 */
public record FeedCursor(String district, long publication, long seq, UUID key) {

  /** The {@code seq} of a cursor that has read the whole of its publication. */
  public static final long WHOLE = Long.MAX_VALUE;

  private static final String VERSION = "c1";

  /** A cursor naming a record of a publication read from the live table. */
  private static final String KEYED = "c2";

  public FeedCursor {
    Objects.requireNonNull(district, "district");
    if (publication < 0 || seq < 0) {
      throw new IllegalArgumentException("A feed position is never negative");
    }
    if (key != null && seq != 0) {
      throw new IllegalArgumentException("A feed position is a change or a key, not both");
    }
  }

  /** A position after a change of the change log, or after a whole publication. */
  public FeedCursor(String district, long publication, long seq) {
    this(district, publication, seq, null);
  }

  /** Before the district's first change: the whole feed follows. */
  public static FeedCursor start(String district) {
    return new FeedCursor(district, 0, WHOLE);
  }

  /** The cursor as the API hands it out. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (key == null
                    ? VERSION + "|" + district + "|" + publication + "|" + seq
                    : KEYED + "|" + district + "|" + publication + "|" + key)
                .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor the change feed of {@code district} handed out.
   *
   * @throws IllegalArgumentException, with what to do, when it is not one
   */
  public static FeedCursor decode(String text, String district) {
    String bad =
        "The cursor is not one this district's change feed gave out: pass next_cursor back exactly"
            + " as it came, leave since out to start from the first change, or pass since=now to"
            + " start from here";
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad, e);
    }
    boolean keyed = parts.length == 4 && parts[0].equals(KEYED);
    if (parts.length != 4 || !(keyed || parts[0].equals(VERSION)) || !parts[1].equals(district)) {
      throw new IllegalArgumentException(bad);
    }
    try {
      return keyed
          ? new FeedCursor(district, Long.parseLong(parts[2]), 0, UUID.fromString(parts[3]))
          : new FeedCursor(district, Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad, e);
    }
  }
}
