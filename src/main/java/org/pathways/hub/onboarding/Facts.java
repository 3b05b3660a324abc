package org.pathways.hub.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pathways.hub.district.DataSet;

/**
 * What the hub has seen of a district, as far as onboarding is concerned.
 *
 * @param sftpLogin a successful SFTP sign-in of one of its accounts, or null
 * @param apiUse a use of one of its API keys, or null
 * @param firstLoaded for each data set, when its first file that was loaded was received
 * @param arrivals every delivery of a data set that counts as sent (loaded, held or a duplicate)
 * @param worksheet where the district's Data Validation Worksheet stands
 */
public record Facts(
    Instant sftpLogin,
    Instant apiUse,
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
      Instant sftpLogin,
      Instant apiUse,
      Map<DataSet, Instant> firstLoaded,
      List<Arrival> arrivals) {
    this(sftpLogin, apiUse, firstLoaded, arrivals, WorksheetStatus.NONE);
  }

  /** The same, with where the worksheet stands. */
  public Facts withWorksheet(WorksheetStatus status) {
    return new Facts(sftpLogin, apiUse, firstLoaded, arrivals, status);
  }

  /** Nothing seen yet. */
  public static Facts none() {
    return new Facts(null, null, Map.of(), List.of());
  }

  /** A file of a data set received at a time. */
  public record Arrival(DataSet dataSet, Instant receivedAt) {}
}
