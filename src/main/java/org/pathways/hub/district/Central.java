package org.pathways.hub.district;

import java.time.ZoneId;

/**
 * The hub's clock for people: deadlines, nights, onboarding days and the times pages show are on
 * Central time, the zone the 2 a.m. deadline is set in for every district, whatever its own zone
 * (an Indiana district on Eastern time sends by 3 a.m. its time).
 */
public final class Central {

  public static final ZoneId ZONE = ZoneId.of("America/Chicago");

  private Central() {}
}
