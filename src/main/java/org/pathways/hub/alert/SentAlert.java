package org.pathways.hub.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One alert made: to whom, about which district night and data sets, and whether it went out.
 *
 * @param recipient an e-mail address, or the webhook's hint
 * @param night the night it is about; for a digest, the morning's night
 * @param sentAt when it went out, or null while it waits or after it was given up
 * @param failedAt when it was given up, or null
 * @param lastError why the last attempt failed, without the message or the webhook's secret
 */
public record SentAlert(
    long id,
    AlertKind kind,
    Channel channel,
    String recipient,
    String district,
    LocalDate night,
    List<String> dataSets,
    String subject,
    String body,
    Instant createdAt,
    Instant sentAt,
    int attempts,
    String lastError,
    Instant failedAt) {

  public SentAlert {
    dataSets = List.copyOf(dataSets);
  }

  /** What became of it, in a word for the portal. */
  public String outcome() {
    if (sentAt != null) {
      return "sent";
    }
    return failedAt != null ? "given up" : attempts > 0 ? "retrying" : "waiting";
  }
}
