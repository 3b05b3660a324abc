package org.pathways.hub.monitor;

import java.time.Instant;

/**
 * One expected data set (or part of one) on one night.
 *
 * @param runId the run that decided the state, or null when nothing was received
 * @param receivedAt when that run's file was received, or null
 * @param reason the state in a sentence a district IT person can act on
 */
public record DataSetNight(
    Feed feed, NightState state, Long runId, Instant receivedAt, String reason) {}
