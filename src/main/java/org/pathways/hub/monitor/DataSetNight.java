package org.pathways.hub.monitor;

import java.time.Instant;
import org.pathways.hub.district.DataSet;

/**
 * One expected data set on one night.
 *
 * @param runId the run that decided the state, or null when nothing was received
 * @param receivedAt when that run's file was received, or null
 * @param reason the state in a sentence a district IT person can act on
 */
public record DataSetNight(
    DataSet dataSet, NightState state, Long runId, Instant receivedAt, String reason) {}
