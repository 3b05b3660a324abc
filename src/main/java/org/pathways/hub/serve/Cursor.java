package org.pathways.hub.serve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.pathways.hub.district.DataSet;

/**
 * Where a page of a data set ends: the key of its last record. A consumer passes it back as it was
 * given; it is opaque so its form can change, and names its data set so a students cursor is not
 * taken for a teachers one. Keyset rather than an offset: a load between two pages neither skips
 * nor repeats a record that stays.
 *
 * @param dataSet the data set paged
 * @param after the key of the last record returned
 */
public record Cursor(DataSet dataSet, String after) {

  private static final String VERSION = "1";

  public Cursor {
    Objects.requireNonNull(dataSet, "dataSet");
    Objects.requireNonNull(after, "after");
  }

  /** The cursor as the API hands it out. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (VERSION + "|" + dataSet.id() + "|" + after).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor this API handed out for {@code dataSet}.
   *
   * @throws IllegalArgumentException, with what to do, when it is not one
   */
  public static Cursor decode(String text, DataSet dataSet) {
    String bad =
        "The cursor is not one this list gave out: pass next_cursor back exactly as it came, or"
            + " leave cursor out to start from the beginning";
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad, e);
    }
    String[] parts = decoded.split("\\|", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[1].equals(dataSet.id())) {
      throw new IllegalArgumentException(bad);
    }
    return new Cursor(dataSet, parts[2]);
  }
}
