package org.pathways.hub.receive.pull;

import java.sql.Timestamp;
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
import org.pathways.hub.pipeline.ProfileResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Pulls, once a night, every district whose data arrives by API from the source that serves it, at
 * {@code nightly-pull.at} Central time (or an hour before the district's deadline, when that is
 * earlier). Called every minute by the scheduler; a pull is claimed in the database first, so with
 * several nodes, or a call that comes again, a district is pulled once a night. A hub that was down
 * at the pull time pulls when it is back, until the night ends at noon: a late file is better than
 * none.
 *
 * <p>A district with both a PowerSchool and a OneRoster connection is pulled from one of them, the
 * one its SIS profile names: a PowerSchool profile is pulled from PowerSchool, any other from
 * OneRoster ({@link PullSource#serves}). Pulling both would load the same students twice over, in
 * two layouts, and the second would replace the first.
 */
@Service
public class NightlyPulls {

  /** Nights are counted on the Central clock, from noon to noon, as the monitor counts them. */
  static final ZoneId CENTRAL = Central.ZONE;

  /** The actor the nightly pulls are recorded as. */
  public static final String ACTOR = "nightly";

  private static final Logger log = LoggerFactory.getLogger(NightlyPulls.class);
  private static final LocalTime NOON = LocalTime.NOON;

  private final List<PullSource> sources;
  private final DistrictRepository districts;
  private final Onboarding onboarding;
  private final ProfileResolver profiles;
  private final JdbcClient jdbc;
  private final NightlyPullProperties props;
  private final Clock clock;

  public NightlyPulls(
      List<PullSource> sources,
      DistrictRepository districts,
      Onboarding onboarding,
      ProfileResolver profiles,
      JdbcClient jdbc,
      NightlyPullProperties props,
      Clock clock) {
    this.sources = List.copyOf(sources);
    this.districts = districts;
    this.onboarding = onboarding;
    this.profiles = profiles;
    this.jdbc = jdbc;
    this.props = props;
    this.clock = clock;
  }

  /** One nightly pull made: the district, its source, and how it ended. */
  public record Pulled(String district, String source, PullSource.Outcome outcome) {}

  /**
   * Pulls the districts whose pull time tonight has passed and that no node has pulled tonight.
   *
   * @return the pulls this call made
   */
  public List<Pulled> pullDue() throws InterruptedException {
    Instant now = clock.instant();
    LocalDate night = now.atZone(CENTRAL).minusHours(12).toLocalDate();
    List<Pulled> out = new ArrayList<>();
    for (PullSource source : sources) {
      for (String code : source.connected()) {
        Optional<District> d = districts.find(code);
        if (d.isEmpty() || !source.serves(profiles.forDistrict(d.get()))) {
          continue;
        }
        Integration integration = onboarding.integration(d.get());
        if (integration.method() != TransferMethod.API
            || now.isBefore(pullTime(night, integration.deadline()))
            || !claim(code, night, source.name())) {
          continue;
        }
        try {
          out.add(new Pulled(code, source.name(), source.pull(code, ACTOR)));
        } catch (RuntimeException e) {
          // One district's trouble (a profile that no longer fits its source) does not stop the
          // others'.
          log.error(
              "The nightly {} pull of district {} failed: {}", source.name(), code, e.toString());
        }
      }
    }
    return out;
  }

  /** When a night's pull is due: the configured time, or an hour before an earlier deadline. */
  Instant pullTime(LocalDate night, LocalTime deadline) {
    LocalTime at = props.at();
    if (sinceNoon(at).compareTo(sinceNoon(deadline).minusHours(1)) > 0) {
      at = deadline.minusHours(1);
    }
    LocalDate day = at.isBefore(NOON) ? night.plusDays(1) : night;
    return day.atTime(at).atZone(CENTRAL).toInstant();
  }

  /**
   * Claims a district's pull from a source for a night; true for the one caller, on whichever node,
   * whose claim lands.
   */
  private boolean claim(String district, LocalDate night, String source) {
    return jdbc.sql(
                "insert into pull_night (district, night, source, claimed_at) values (?, ?, ?, ?)"
                    + " on conflict do nothing")
            .params(district, night, source, Timestamp.from(clock.instant()))
            .update()
        == 1;
  }

  private static Duration sinceNoon(LocalTime t) {
    Duration d = Duration.between(NOON, t);
    return d.isNegative() ? d.plusDays(1) : d;
  }
}
