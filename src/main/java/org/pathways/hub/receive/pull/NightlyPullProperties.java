package org.pathways.hub.receive.pull;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the hub pulls API districts each night ({@code nightly-pull.*}), whatever their source.
 *
 * @param at when each API district is pulled, Central time; an hour before the district's deadline
 *     instead when that is earlier (deadlines are 02:00, 01:00 for Cognos)
 * @param tick how often the scheduler looks for districts due their nightly pull
 */
@ConfigurationProperties(prefix = "nightly-pull", ignoreUnknownFields = false)
public record NightlyPullProperties(
    @DefaultValue("00:30") LocalTime at, @DefaultValue("PT1M") Duration tick) {

  public NightlyPullProperties {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("nightly-pull.tick must be positive, not " + tick);
    }
  }
}
