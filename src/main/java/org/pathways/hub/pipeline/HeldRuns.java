package org.pathways.hub.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** An engineer's answer to a held run: apply it after all, or set it aside. */
@Service
public class HeldRuns {

  private final RunProcessor processor;
  private final RunStore runs;
  private final DataSource dataSource;
  private final ApplicationEventPublisher events;

  public HeldRuns(
      RunProcessor processor,
      RunStore runs,
      DataSource dataSource,
      ApplicationEventPublisher events) {
    this.processor = processor;
    this.runs = runs;
    this.dataSource = dataSource;
    this.events = events;
  }

  public RunSummary release(long runId, String engineer, String reason) {
    requireReason(reason);
    return processor
        .process(runId, RunProcessor.Mode.RELEASE, engineer, reason, b -> {})
        .orElseThrow(() -> new IllegalArgumentException("Run " + runId + " is not held"));
  }

  public RunSummary discard(long runId, String engineer, String reason) {
    requireReason(reason);
    RunSummary discarded;
    try (LogContext logged = LogContext.run(runId);
        Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      Optional<RunStore.PendingRun> run = runs.lock(conn, runId, RunStatus.HELD);
      if (run.isEmpty()) {
        conn.rollback();
        throw new IllegalArgumentException("Run " + runId + " is not held");
      }
      runs.decide(conn, runId, RunStatus.DISCARDED, "Discarded: " + reason, engineer, reason);
      conn.commit();
      discarded = runs.summary(runId, 100).orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    events.publishEvent(RunFinished.of(discarded));
    return discarded;
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("A reason is required: it is kept with the run");
    }
  }
}
