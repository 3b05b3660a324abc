/**
 * The pipeline: one persisted run per received data file, from {@code RECEIVED} to loaded, rejected
 * or held. Public face: {@link org.pathways.hub.pipeline.IngestService} (every channel enters
 * here), {@link org.pathways.hub.pipeline.RunProcessor}, {@link org.pathways.hub.pipeline.HeldRuns}
 * and {@link org.pathways.hub.pipeline.RunStore}. It publishes {@link
 * org.pathways.hub.pipeline.FileReceived} and {@link org.pathways.hub.pipeline.RunFinished} as
 * Spring application events, which {@code system/} turns into metrics: the pipeline knows nothing
 * of Micrometer or Actuator. {@link org.pathways.hub.pipeline.LogContext} puts the district and run
 * ids into every log line of a run.
 */
package org.pathways.hub.pipeline;
