package org.pathways.hub.monitor;

import java.time.LocalDate;

/**
 * A stretch of nights in which a district sends nothing and nothing alerts, such as summer or the
 * rollover to the new school year. Both days are included.
 */
public record Pause(long id, LocalDate starts, LocalDate ends, String reason, String createdBy) {

  public boolean covers(LocalDate night) {
    return !night.isBefore(starts) && !night.isAfter(ends);
  }
}
