package org.pathways.hub.monitor;

import java.util.Comparator;
import java.util.Optional;
import org.pathways.hub.district.DataSet;

/**
 * What is expected on a night: a data set, or one part of it when the district's SIS sends the data
 * set as several files (grades as a transcript file and a current-term file) that can arrive on
 * different nights.
 *
 * @param part the part ({@code history}, {@code current}), or null for the whole data set, which
 *     any file of the data set satisfies
 */
public record Feed(DataSet dataSet, String part) implements Comparable<Feed> {

  private static final Comparator<Feed> ORDER =
      Comparator.comparingInt((Feed f) -> f.dataSet().loadOrder())
          .thenComparing(Feed::dataSet)
          .thenComparingInt(Feed::partRank)
          .thenComparing(f -> f.part() == null ? "" : f.part());

  public static Feed whole(DataSet dataSet) {
    return new Feed(dataSet, null);
  }

  /**
   * The name stored and used in forms and JSON: {@code students} or {@code grades-history} (data
   * set names use underscores, never hyphens, so the name reads back unambiguously).
   */
  public String id() {
    return part == null ? dataSet.id() : dataSet.id() + "-" + part;
  }

  /** The name shown to people: {@code grades (history)} or {@code students}. */
  public String label() {
    return part == null ? dataSet.id() : dataSet.id() + " (" + part + ")";
  }

  /** The feed of a stored name, if its data set is still one of the hub's. */
  public static Optional<Feed> byId(String id) {
    int dash = id.indexOf('-');
    if (dash < 0) {
      return DataSet.byId(id).map(Feed::whole);
    }
    String part = id.substring(dash + 1);
    return DataSet.byId(id.substring(0, dash)).map(ds -> new Feed(ds, part));
  }

  /**
   * Whether a file of {@code fileDataSet} and {@code filePart} counts for this feed: any file of
   * the data set counts for the whole, and a whole file counts for each of its parts, since it
   * replaces them all.
   */
  public boolean takes(DataSet fileDataSet, String filePart) {
    return fileDataSet == dataSet && (part == null || filePart == null || part.equals(filePart));
  }

  // The transcript before the current term, as the profiles list them.
  private int partRank() {
    if (part == null) {
      return 0;
    }
    return switch (part) {
      case "history" -> 1;
      case "current" -> 2;
      default -> 3;
    };
  }

  @Override
  public int compareTo(Feed o) {
    return ORDER.compare(this, o);
  }
}
