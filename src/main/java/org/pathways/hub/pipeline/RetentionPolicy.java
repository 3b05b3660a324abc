package org.pathways.hub.pipeline;

import java.time.Duration;

/**
 * How long the vault keeps a raw file after it was received; older ones are purged.
 *
 * @param keep how long a raw file is kept
 */
public record RetentionPolicy(Duration keep) {

  public RetentionPolicy {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("Raw files must be kept for at least a day");
    }
  }

  public static RetentionPolicy days(int days) {
    if (days < 1) {
      throw new IllegalArgumentException(
          "Raw files must be kept for at least a day (hub.vault.retention-days)");
    }
    return new RetentionPolicy(Duration.ofDays(days));
  }

  public long days() {
    return keep.toDays();
  }
}
