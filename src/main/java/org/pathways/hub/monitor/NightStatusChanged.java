package org.pathways.hub.monitor;

import java.time.LocalDate;

/**
 * A recorded night changed after its deadline: most often a missing file that finally arrived (now
 * {@link NightState#LATE}), or a file being processed at the deadline that was then loaded, held or
 * rejected.
 */
public record NightStatusChanged(
    String district, LocalDate night, NightState before, DataSetNight now) {}
