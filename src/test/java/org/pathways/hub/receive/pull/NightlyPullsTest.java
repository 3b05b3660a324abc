package org.pathways.hub.receive.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** When the nightly pulls come, and their settings. */
class NightlyPullsTest {

  static NightlyPullProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("nightly-pull", NightlyPullProperties.class);
  }

  @Test
  void defaults() {
    NightlyPullProperties p = bind(Map.of());
    assertThat(p.at()).isEqualTo(LocalTime.of(0, 30));
    assertThat(p.tick()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> bind(Map.of("nightly-pull.tick", "PT0S")))
        .hasRootCauseMessage("nightly-pull.tick must be positive, not PT0S");
  }

  @Test
  void thePullComesAnHourBeforeAnEarlierDeadline() {
    NightlyPulls nightly =
        new NightlyPulls(List.of(), null, null, null, null, bind(Map.of()), null);
    LocalDate night = LocalDate.of(2026, 11, 16);
    assertThat(nightly.pullTime(night, LocalTime.of(2, 0)))
        .isEqualTo(Instant.parse("2026-11-17T06:30:00Z"));
    assertThat(nightly.pullTime(night, LocalTime.of(1, 0)))
        .isEqualTo(Instant.parse("2026-11-17T06:00:00Z"));
    assertThat(nightly.pullTime(night, LocalTime.of(23, 0)))
        .isEqualTo(Instant.parse("2026-11-17T04:00:00Z"));
  }
}
