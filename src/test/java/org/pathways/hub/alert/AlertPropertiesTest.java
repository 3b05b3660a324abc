package org.pathways.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The alert settings' defaults, what they refuse, and the escalation steps they lead to. */
class AlertPropertiesTest {

  static AlertProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("alerts", AlertProperties.class);
  }

  @Test
  void defaults() {
    AlertProperties p = bind(Map.of());
    assertThat(p.enabled()).isTrue();
    assertThat(p.digestTime()).isEqualTo(LocalTime.of(6, 30));
    assertThat(p.escalateAfterNights()).isEqualTo(3);
    assertThat(p.remindEveryNights()).isEqualTo(3);
    assertThat(p.maxAttempts()).isEqualTo(8);
    assertThat(p.retryBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.link("/districts/a")).isEqualTo("http://localhost:8080/districts/a");
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("alerts.escalate-after-nights", "1")))
        .hasRootCauseMessage("alerts.escalate-after-nights must be at least 2, not 1");
    assertThatThrownBy(() -> bind(Map.of("alerts.retry-backoff", "PT0S")))
        .hasRootCauseMessage("alerts.retry-backoff must be positive");
  }

  @Test
  void escalationTellsEscalatesThenRemindsEveryFewNights() {
    StringBuilder steps = new StringBuilder();
    for (int night = 1; night <= 10; night++) {
      steps.append(Escalation.step(night, 3, 3).name().charAt(0));
    }
    // Tell, quiet, escalate, quiet, quiet, remind, ...
    assertThat(steps).hasToString("TQEQQRQQRQ");
  }

  @Test
  void aWebhookAddressShowsOnlyAHint() {
    WebhookUrl url = WebhookUrl.parse("https://hooks.slack.com/services/T0/B0/secretTOKEN1234");
    assertThat(url.hint()).isEqualTo("https://hooks.slack.com/…1234");
    assertThat(url.toString()).doesNotContain("secretTOKEN");
    assertThat(url.scrub("failed to post to " + url.uri())).doesNotContain("secretTOKEN");
    assertThatThrownBy(() -> WebhookUrl.parse("javascript:alert(1)"))
        .hasMessageContaining("must start with https://");
  }
}
