package org.pathways.hub.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.springframework.stereotype.Service;

/**
 * A district's integration settings and onboarding timeline: what the settings and onboarding pages
 * show and change, and {@link #stage} for lists of districts.
 */
@Service
public class Onboarding {

  /** Without a kick-off date, deliveries this far back are looked at for the nightly sends. */
  static final int LOOKBACK_DAYS = 60;

  public static final int MAX_ON_TIME_NIGHTS = 14;

  private final OnboardingStore store;
  private final ProfileResolver profiles;
  private final ProfileCatalog catalog;
  private final Worksheets worksheets;
  private final Clock clock;

  public Onboarding(
      OnboardingStore store,
      ProfileResolver profiles,
      ProfileCatalog catalog,
      Worksheets worksheets,
      Clock clock) {
    this.store = store;
    this.worksheets = worksheets;
    this.profiles = profiles;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** The settings in force, with the SIS's defaults where nothing was chosen. */
  public Integration integration(District district) {
    OnboardingStore.Stored s = store.find(district.code());
    String sis = catalog.get(district.profileId()).sis();
    return new Integration(
        s.method() == null ? TransferMethod.defaultFor(sis) : s.method(),
        s.method() == null,
        s.deadline() == null ? Integration.defaultDeadline(sis) : s.deadline(),
        s.deadline() == null,
        s.kickoff(),
        s.training(),
        s.onTimeNights());
  }

  /** The deadline a district has when none is set: 02:00 Central, 01:00 for Cognos. */
  public LocalTime defaultDeadline(District district) {
    return Integration.defaultDeadline(catalog.get(district.profileId()).sis());
  }

  /**
   * The data sets a district is expected to send: of the Standard Layout's data sets, those its
   * state has (IBC are Texas only) and its SIS profile, with the district's override, sends. A
   * Harmony district sends students and grades only; a Skyward Qmlativ district sends GPA inside
   * its students file, so no GPA file is waited for.
   */
  public Set<DataSet> expectedDataSets(District district) {
    return expectedDataSets(district, profiles.forDistrict(district));
  }

  /** The data sets a district on {@code profile} sends, for a caller that has read the profile. */
  public static Set<DataSet> expectedDataSets(District district, Profile profile) {
    Set<DataSet> out = EnumSet.noneOf(DataSet.class);
    for (DataSet d : DataSet.values()) {
      if (profile.expects(d) && (d != DataSet.IBC || district.state() == State.TX)) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Saves the transfer method, the deadline (null for the SIS's default) and the on-time nights.
   *
   * @throws IllegalArgumentException when a value is out of range, with what is allowed
   */
  public void saveSettings(
      District district, TransferMethod method, LocalTime deadline, int onTimeNights, String by) {
    if (deadline != null && !deadline.isBefore(OnboardingTimeline.NOON)) {
      throw new IllegalArgumentException(
          "The nightly deadline "
              + deadline
              + " is not a night-time deadline: give a time after midnight and before noon,"
              + " Central");
    }
    if (onTimeNights < 1 || onTimeNights > MAX_ON_TIME_NIGHTS) {
      throw new IllegalArgumentException(
          "On-time nights must be between 1 and " + MAX_ON_TIME_NIGHTS + ", not " + onTimeNights);
    }
    store.saveSettings(district.code(), method, deadline, onTimeNights, by, clock.instant());
  }

  /** Sets the kick-off and training dates; either may be null while it is not scheduled. */
  public void setDates(District district, LocalDate kickoff, LocalDate training, String by) {
    if (kickoff != null && training != null && !training.isAfter(kickoff)) {
      throw new IllegalArgumentException(
          "The training (" + training + ") must come after the kick-off (" + kickoff + ")");
    }
    store.saveDates(district.code(), kickoff, training, by, clock.instant());
  }

  /** Marks a step done, with the engineer's note on how they know. */
  public void mark(District district, Step step, String note, String by) {
    if (note == null || note.isBlank()) {
      throw new IllegalArgumentException(
          "Say how you know '" + step.title() + "' is done: the note is required");
    }
    store.mark(district.code(), new Mark(step, clock.instant(), by, note.strip()));
  }

  /** Removes an engineer's mark; the step is then done only if the hub sees it done. */
  public void unmark(District district, Step step) {
    if (!store.unmark(district.code(), step)) {
      throw new IllegalArgumentException("'" + step.title() + "' was not marked done");
    }
  }

  public Timeline timeline(District district) {
    return timeline(district, integration(district));
  }

  private Timeline timeline(District district, Integration in) {
    Plan plan =
        new Plan(
            in.kickoff(),
            in.training(),
            in.method(),
            in.deadline(),
            in.onTimeNights(),
            expectedDataSets(district));
    Instant since =
        in.kickoff() != null
            ? in.kickoff().minusDays(1).atStartOfDay(OnboardingTimeline.CENTRAL).toInstant()
            : clock.instant().minus(Duration.ofDays(LOOKBACK_DAYS));
    Map<Step, Mark> marks = store.marks(district.code());
    Facts facts =
        store.facts(district.code(), since).withWorksheet(worksheets.status(district.code()));
    return OnboardingTimeline.compute(plan, facts, marks, clock);
  }

  /**
   * Where a district's onboarding stands, for the districts overview, which has read the settings
   * {@code in} already.
   */
  public OnboardingStage stage(District district, Integration in) {
    Timeline t = timeline(district, in);
    return new OnboardingStage(
        t.current().map(TimelineStep::step).orElse(null), t.overdue(), in.kickoff() != null);
  }

  /** A step by its stored name, for forms. */
  public static Step step(String name) {
    return Arrays.stream(Step.values())
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No onboarding step '"
                        + name
                        + "'; the steps are "
                        + Arrays.stream(Step.values())
                            .map(Step::name)
                            .collect(Collectors.joining(", "))));
  }
}
