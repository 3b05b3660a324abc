package org.pathways.hub.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pathways.hub.district.DataSet;

/**
 * What the hub has seen of a district, as far as onboarding is concerned.
 *
 * @param sftp the first sign that its SFTP connection works (a sign-in, a file received), or null
 * @param api the first sign that its API connection works (a key used, a connection test or pull
 *     that succeeded, a file received), or null
 * @param firstLoaded for each data set, when its first file that was loaded was received
 * @param arrivals every delivery of a data set that counts as sent (loaded, held or a duplicate)
 * @param worksheet where the district's Data Validation Worksheet stands
 */
public record Facts(
    Connection sftp,
    Connection api,
    Map<DataSet, Instant> firstLoaded,
    List<Arrival> arrivals,
    WorksheetStatus worksheet) {

  public Facts {
    firstLoaded = Map.copyOf(firstLoaded);
    arrivals = List.copyOf(arrivals);
    worksheet = worksheet == null ? WorksheetStatus.NONE : worksheet;
  }

  /** What was seen of the sends, without a worksheet. */
  public Facts(
      Connection sftp, Connection api, Map<DataSet, Instant> firstLoaded, List<Arrival> arrivals) {
    this(sftp, api, firstLoaded, arrivals, WorksheetStatus.NONE);
  }

  /** The same, with where the worksheet stands. */
  public Facts withWorksheet(WorksheetStatus status) {
    return new Facts(sftp, api, firstLoaded, arrivals, status);
  }

  /** Nothing seen yet. */
  public static Facts none() {
    return new Facts(null, null, Map.of(), List.of());
  }

  /**
   * A sign that a connection works.
   *
   * @param at when it was seen
   * @param seen what was seen, in a sentence
   */
  public record Connection(Instant at, String seen) {

    /** The earlier of two signs, either of which may be null. */
    static Connection earlier(Connection a, Connection b) {
      if (a == null) {
        return b;
      }
      return b == null || !b.at().isBefore(a.at()) ? a : b;
    }
  }

  /** A file of a data set received at a time. */
  public record Arrival(DataSet dataSet, Instant receivedAt) {}
}
