package org.pathways.hub.onboarding;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.pathways.hub.district.DataSet;

/**
 * What a district's onboarding is measured against.
 *
 * @param kickoff the technical kick-off, or null while none is scheduled
 * @param training the training date, or null while none is scheduled
 * @param method how its data arrives
 * @param deadline the nightly deadline on the Central clock
 * @param nightsRequired consecutive on-time nights that show automatic sends work
 * @param expected the data sets it is expected to send
 */
public record Plan(
    LocalDate kickoff,
    LocalDate training,
    TransferMethod method,
    LocalTime deadline,
    int nightsRequired,
    Set<DataSet> expected) {

  public Plan {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(deadline, "deadline");
    if (!deadline.isBefore(OnboardingTimeline.NOON)) {
      throw new IllegalArgumentException("A nightly deadline is after midnight and before noon");
    }
    if (nightsRequired < 1) {
      throw new IllegalArgumentException("At least one on-time night is required");
    }
    expected = expected.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(expected));
  }
}
