package org.pathways.hub.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Published when a run reaches an outcome (loaded, rejected, held, a duplicate) or an engineer
 * decides a held run (released, discarded), after the transaction that recorded it committed. It
 * carries counts and ids only, never a value read from the file, so a listener may put it in
 * metrics or logs.
 *
 * @param runId the run
 * @param district the district's code
 * @param dataSet the data set, or null when the file could not be told
 * @param status the outcome
 * @param rowsRead data rows read
 * @param added records added
 * @param updated records changed
 * @param deactivated records deactivated or removed
 * @param processing how long processing took, or null for a discard, which processes nothing
 */
public record RunFinished(
    long runId,
    String district,
    String dataSet,
    RunStatus status,
    long rowsRead,
    long added,
    long updated,
    long deactivated,
    Duration processing) {

  public RunFinished {
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(status, "status");
  }

  static RunFinished of(RunSummary run) {
    return new RunFinished(
        run.runId(),
        run.district(),
        run.dataSet(),
        run.status(),
        run.rowsRead(),
        run.added(),
        run.updated(),
        run.deactivated(),
        run.status() == RunStatus.DISCARDED ? null : Duration.ofMillis(run.durationMillis()));
  }
}
