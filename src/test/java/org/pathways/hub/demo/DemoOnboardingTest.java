package org.pathways.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemoOnboardingTest {

  @Test
  void meetingsThatWouldFallOnAWeekendMoveToTheNearestWeekdayInTheirDirection() {
    LocalDate saturday = LocalDate.of(2026, 10, 10);
    LocalDate sunday = LocalDate.of(2026, 10, 11);
    LocalDate wednesday = LocalDate.of(2026, 10, 14);
    assertThat(DemoOnboarding.weekday(saturday, -1)).isEqualTo(LocalDate.of(2026, 10, 9));
    assertThat(DemoOnboarding.weekday(sunday, -1)).isEqualTo(LocalDate.of(2026, 10, 9));
    assertThat(DemoOnboarding.weekday(saturday, 1)).isEqualTo(LocalDate.of(2026, 10, 12));
    assertThat(DemoOnboarding.weekday(sunday, 1)).isEqualTo(LocalDate.of(2026, 10, 12));
    assertThat(DemoOnboarding.weekday(wednesday, -1)).isEqualTo(wednesday);
    assertThat(DemoOnboarding.weekday(wednesday, 1)).isEqualTo(wednesday);
  }
}
