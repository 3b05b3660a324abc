package org.pathways.hub.receive.pull;

import java.util.List;
import org.pathways.hub.profile.Profile;

/**
 * A system the hub pulls districts' data from every night ({@link NightlyPulls}): PowerSchool
 * through the Pathways plugin, or a OneRoster REST service.
 */
public interface PullSource {

  /**
   * The source's name, as the night's claim and the logs record it ({@code powerschool}, {@code
   * oneroster}).
   */
  String name();

  /** The districts that have a connection to this source, by code. */
  List<String> connected();

  /**
   * Whether this is the source to pull a district from, given its SIS profile. Exactly one source
   * serves any profile, so a district with connections to both is pulled from one of them.
   */
  boolean serves(Profile profile);

  /**
   * Pulls a district now, for the night. A data set that could not be pulled is recorded by the
   * source as a failed run, and the outcome on the district's connection.
   *
   * @param actor who the pull is recorded as made by
   * @throws IllegalArgumentException when the district cannot be pulled at all (no connection, a
   *     profile the source's files do not fit)
   */
  Outcome pull(String district, String actor) throws InterruptedException;

  /**
   * Whether a profile is a PowerSchool one: the SIS it names. Such a district is pulled from
   * PowerSchool; any other from OneRoster.
   */
  static boolean powerSchoolProfile(Profile profile) {
    return "PowerSchool".equals(profile.sis());
  }

  /**
   * How a pull ended.
   *
   * @param loaded whether every data set was pulled and loaded
   * @param summary one line for the log, without student data or secrets
   */
  record Outcome(boolean loaded, String summary) {}
}
