package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The PowerSchool pull's settings: their defaults and what they refuse. */
class PowerSchoolPropertiesTest {

  static PowerSchoolProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("powerschool", PowerSchoolProperties.class);
  }

  @Test
  void defaults() {
    PowerSchoolProperties p = bind(Map.of());
    assertThat(p.pageSize()).isEqualTo(1000);
    assertThat(p.pullDeadline()).isEqualTo(Duration.ofHours(2));
    assertThat(p.maxAttempts()).isEqualTo(5);
    assertThat(p.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.retryMax()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("powerschool.page-size", "0")))
        .hasRootCauseMessage("powerschool.page-size must be at least 1, not 0");
    assertThatThrownBy(() -> bind(Map.of("powerschool.pull-deadline", "PT0S")))
        .hasRootCauseMessage(
            "powerschool durations must be positive: pull-deadline, retry-backoff, retry-max,"
                + " connect-timeout and request-timeout");
  }
}
