/**
 * The pipeline: one persisted run per received data file, from {@code RECEIVED} to loaded, rejected
 * or held. Public face: {@link org.pathways.hub.pipeline.IngestService} (every channel enters
 * here), {@link org.pathways.hub.pipeline.RunProcessor}, {@link org.pathways.hub.pipeline.HeldRuns}
 * and {@link org.pathways.hub.pipeline.RunStore}.
 */
package org.pathways.hub.pipeline;
