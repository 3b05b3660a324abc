package org.pathways.hub.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.pathways.hub.pipeline.FileReceived;
import org.pathways.hub.pipeline.RunFinished;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the pipeline's events into Prometheus metrics: files received by channel, runs by outcome
 * and data set, records loaded and processing time by data set.
 *
 * <p>Tags are bounded and never hold data from a file: a channel (a handful), an outcome (seven), a
 * data set (eight and {@code unknown}), a kind of change (three). There is no district tag: a few
 * hundred districts times those tags times the timer's series would be tens of thousands of series
 * for Prometheus to keep, for figures the database already holds per district and the portal shows
 * (run history, the nightly calendar). A metric says that something is wrong tonight; the portal
 * says where.
 */
@Component
class RunMetrics {

  private final MeterRegistry registry;

  RunMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @EventListener
  void received(FileReceived file) {
    Counter.builder("hub.files.received")
        .description("Files received and stored in the vault")
        .tag("channel", file.channel())
        .register(registry)
        .increment();
  }

  @EventListener
  void finished(RunFinished run) {
    String dataSet = run.dataSet() == null ? "unknown" : run.dataSet();
    Counter.builder("hub.runs.finished")
        .description("Runs that reached an outcome, or held runs an engineer decided")
        .tag("status", run.status().name())
        .tag("data_set", dataSet)
        .register(registry)
        .increment();
    if (run.status().applied()) {
      loaded(dataSet, "added", run.added());
      loaded(dataSet, "updated", run.updated());
      loaded(dataSet, "deactivated", run.deactivated());
    }
    if (run.processing() != null) {
      Timer.builder("hub.run.duration")
          .description("Time to process a run, from its start to its outcome")
          .tag("data_set", dataSet)
          .register(registry)
          .record(run.processing());
    }
  }

  private void loaded(String dataSet, String change, long rows) {
    Counter.builder("hub.rows.loaded")
        .description("Records changed by applied runs (deactivated: deactivated or removed)")
        .tag("data_set", dataSet)
        .tag("change", change)
        .register(registry)
        .increment(rows);
  }
}
