package org.pathways.hub.onboarding;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A district's onboarding as it stands on {@code today}.
 *
 * @param steps every step, in order
 * @param nights the most recent nights of sends, newest first
 * @param streak consecutive on-time nights up to the latest one
 * @param nightsRequired the streak that makes automatic sends done
 * @param warnings what is wrong with the plan itself, such as a missing date
 */
public record Timeline(
    LocalDate today,
    List<TimelineStep> steps,
    List<Night> nights,
    int streak,
    int nightsRequired,
    List<String> warnings) {

  public Timeline {
    steps = List.copyOf(steps);
    nights = List.copyOf(nights);
    warnings = List.copyOf(warnings);
  }

  /** The first step still to do, or empty when onboarding is complete. */
  public Optional<TimelineStep> current() {
    return steps.stream().filter(s -> s.status().pending()).findFirst();
  }

  public long overdueCount() {
    return steps.stream().filter(s -> s.status() == TimelineStep.Status.OVERDUE).count();
  }

  public boolean overdue() {
    return overdueCount() > 0;
  }

  public TimelineStep step(Step step) {
    return steps.stream().filter(s -> s.step() == step).findFirst().orElseThrow();
  }
}
