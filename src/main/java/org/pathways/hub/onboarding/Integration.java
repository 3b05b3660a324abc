package org.pathways.hub.onboarding;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A district's integration settings in force: the stored ones, or the defaults for its SIS.
 *
 * @param method how its data arrives
 * @param methodIsDefault whether {@code method} is the SIS's default rather than a chosen one
 * @param deadline the nightly deadline on the Central clock
 * @param deadlineIsDefault whether {@code deadline} is the SIS's default (02:00, 01:00 for Cognos)
 * @param kickoff the technical kick-off, or null
 * @param training the training date, or null
 * @param onTimeNights consecutive on-time nights that make automatic sends done
 */
public record Integration(
    TransferMethod method,
    boolean methodIsDefault,
    LocalTime deadline,
    boolean deadlineIsDefault,
    LocalDate kickoff,
    LocalDate training,
    int onTimeNights) {

  /** Districts are told to send before 2 a.m. Central. */
  public static final LocalTime DEFAULT_DEADLINE = LocalTime.of(2, 0);

  /** Cognos report schedules are told to finish before 1 a.m. Central. */
  public static final LocalTime COGNOS_DEADLINE = LocalTime.of(1, 0);

  public static final int DEFAULT_ON_TIME_NIGHTS = 3;

  public Integration {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** The deadline a district on this SIS has unless an engineer sets another. */
  public static LocalTime defaultDeadline(String sis) {
    return "Cognos".equals(sis) ? COGNOS_DEADLINE : DEFAULT_DEADLINE;
  }
}
