package org.pathways.hub.district;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A school district sending data to the hub.
 *
 * @param code the district's code in the hub, used in paths and commands (letters, digits, dashes)
 * @param name display name
 * @param state the state whose rules apply
 * @param profileId the SIS profile its files follow
 * @param holdThresholdPercent a load that would deactivate or remove more than this share of the
 *     active records is held for review
 */
public record District(
    String code, String name, State state, String profileId, int holdThresholdPercent) {

  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

  public static final int DEFAULT_HOLD_THRESHOLD_PERCENT = 10;

  public District {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(profileId, "profileId");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "District code '"
              + code
              + "' must be 2 to 40 lower-case letters, digits or dashes, such as 'austin-isd'");
    }
    if (holdThresholdPercent < 0 || holdThresholdPercent > 100) {
      throw new IllegalArgumentException("Hold threshold must be between 0 and 100 percent");
    }
  }
}
