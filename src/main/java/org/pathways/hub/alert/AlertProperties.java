package org.pathways.hub.alert;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How alerts go out ({@code alerts.*}). Mail goes through Spring Boot's {@code spring.mail.*}
 * server; without {@code spring.mail.host} no mail is sent and the webhook alone speaks.
 *
 * @param enabled whether nights make alerts at all
 * @param from the sender of every alert mail
 * @param portalUrl where the portal is reached from the recipients' side, for the links in alerts
 * @param digestTime when each engineer's morning digest goes out, Central time
 * @param escalateAfterNights the night in a row of the same data set failing on which the engineer
 *     is told too
 * @param remindEveryNights after escalating, how many nights pass between reminders
 * @param maxAttempts how often a mail or webhook post is tried before it is given up
 * @param retryBackoff the wait after the first failed attempt; it doubles with each failure
 * @param webhookTimeout how long a webhook receiver may take to answer
 */
@ConfigurationProperties(prefix = "alerts", ignoreUnknownFields = false)
public record AlertProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("pathways-hub@localhost") String from,
    @DefaultValue("http://localhost:8080") URI portalUrl,
    @DefaultValue("06:30") LocalTime digestTime,
    @DefaultValue("3") int escalateAfterNights,
    @DefaultValue("3") int remindEveryNights,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("PT1M") Duration retryBackoff,
    @DefaultValue("PT10S") Duration webhookTimeout) {

  public AlertProperties {
    if (escalateAfterNights < 2) {
      throw new IllegalArgumentException(
          "alerts.escalate-after-nights must be at least 2, not " + escalateAfterNights);
    }
    if (remindEveryNights < 1) {
      throw new IllegalArgumentException(
          "alerts.remind-every-nights must be at least 1, not " + remindEveryNights);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "alerts.max-attempts must be at least 1, not " + maxAttempts);
    }
    if (retryBackoff.isNegative() || retryBackoff.isZero()) {
      throw new IllegalArgumentException("alerts.retry-backoff must be positive");
    }
  }

  /** A portal address for a path such as {@code /districts/alpha}. */
  String link(String path) {
    String base = portalUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }
}
