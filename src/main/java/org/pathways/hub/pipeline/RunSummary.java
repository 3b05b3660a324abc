package org.pathways.hub.pipeline;

import java.time.Instant;
import java.util.List;
import org.pathways.hub.district.Issue;

/**
 * The outcome of one run, as the command line prints it and the portal shows it.
 *
 * @param runId the run
 * @param district the district's code
 * @param file the data file's name (inside its archive, if any)
 * @param dataSet the data set, or null when it could not be told
 * @param part the part of the data set, or null
 * @param status where the run stands
 * @param rowsRead data rows read
 * @param added records added
 * @param updated records changed
 * @param unchanged records the same as before
 * @param deactivated records deactivated or removed
 * @param errors errors found
 * @param warnings warnings found
 * @param message a sentence on the outcome
 * @param receivedAt when the file was received
 * @param durationMillis how long processing took
 * @param filePurgedAt when the raw file was deleted by the retention policy, or null while kept
 * @param issues the first issues, in file order
 */
public record RunSummary(
    long runId,
    String district,
    String file,
    String dataSet,
    String part,
    RunStatus status,
    long rowsRead,
    long added,
    long updated,
    long unchanged,
    long deactivated,
    long errors,
    long warnings,
    String message,
    Instant receivedAt,
    long durationMillis,
    Instant filePurgedAt,
    List<Issue> issues) {

  public RunSummary {
    issues = List.copyOf(issues);
  }
}
