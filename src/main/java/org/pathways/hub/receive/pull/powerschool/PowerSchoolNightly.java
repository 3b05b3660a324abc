package org.pathways.hub.receive.pull.powerschool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pulls, once a night, every district whose data arrives by API and that has a PowerSchool
 * connection, at {@code powerschool.pull-at} Central time (or an hour before the district's
 * deadline, when that is earlier). Called every minute by the scheduler; a pull is claimed in the
 * database first, so with several nodes, or a call that comes again, a district is pulled once a
 * night. A hub that was down at the pull time pulls when it is back, until the night ends at noon:
 * a late file is better than none.
 */
@Service
public class PowerSchoolNightly {

  /** Nights are counted on the Central clock, from noon to noon, as the monitor counts them. */
  static final ZoneId CENTRAL = Central.ZONE;

  private static final Logger log = LoggerFactory.getLogger(PowerSchoolNightly.class);
  private static final LocalTime NOON = LocalTime.NOON;

  private final PowerSchoolConnections connections;
  private final PowerSchoolPull pull;
  private final DistrictRepository districts;
  private final Onboarding onboarding;
  private final PowerSchoolProperties props;
  private final Clock clock;

  public PowerSchoolNightly(
      PowerSchoolConnections connections,
      PowerSchoolPull pull,
      DistrictRepository districts,
      Onboarding onboarding,
      PowerSchoolProperties props,
      Clock clock) {
    this.connections = connections;
    this.pull = pull;
    this.districts = districts;
    this.onboarding = onboarding;
    this.props = props;
    this.clock = clock;
  }

  /**
   * Pulls the districts whose pull time tonight has passed and that no node has pulled tonight.
   *
   * @return the pulls this call made
   */
  public List<PowerSchoolPull.PullReport> pullDue() throws InterruptedException {
    Instant now = clock.instant();
    LocalDate night = now.atZone(CENTRAL).minusHours(12).toLocalDate();
    List<PowerSchoolPull.PullReport> out = new ArrayList<>();
    for (String code : connections.districts()) {
      Optional<District> d = districts.find(code);
      if (d.isEmpty()) {
        continue;
      }
      Integration integration = onboarding.integration(d.get());
      if (integration.method() != TransferMethod.API
          || now.isBefore(pullTime(night, integration.deadline()))
          || !connections.claimNight(code, night)) {
        continue;
      }
      try {
        out.add(pull.pull(code, "nightly", null));
      } catch (RuntimeException e) {
        // One district's trouble (its profile changed to another SIS) does not stop the others'.
        log.error("The nightly PowerSchool pull of district {} failed: {}", code, e.toString());
      }
    }
    return out;
  }

  /** When a night's pull is due: the configured time, or an hour before an earlier deadline. */
  Instant pullTime(LocalDate night, LocalTime deadline) {
    LocalTime at = props.pullAt();
    if (sinceNoon(at).compareTo(sinceNoon(deadline).minusHours(1)) > 0) {
      at = deadline.minusHours(1);
    }
    LocalDate day = at.isBefore(NOON) ? night.plusDays(1) : night;
    return day.atTime(at).atZone(CENTRAL).toInstant();
  }

  private static Duration sinceNoon(LocalTime t) {
    Duration d = Duration.between(NOON, t);
    return d.isNegative() ? d.plusDays(1) : d;
  }
}
