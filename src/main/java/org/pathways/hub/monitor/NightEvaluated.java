package org.pathways.hub.monitor;

/** A night's deadline passed and its outcome was recorded: what alerts are made from. */
public record NightEvaluated(DistrictNight night) {}
