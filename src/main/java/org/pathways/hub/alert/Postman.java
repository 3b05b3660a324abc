package org.pathways.hub.alert;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Carries one recorded alert: a mail through the SMTP server, or a JSON post to the district's
 * webhook. A failure is logged and recorded with its cause only, never the message or the webhook
 * address, and thrown again so the scheduler tries later.
 */
@Component
class Postman {

  private static final Logger log = LoggerFactory.getLogger(Postman.class);

  private final AlertLog alerts;
  private final AlertSettingsStore settings;
  private final ObjectProvider<JavaMailSender> mail;
  private final AlertProperties props;
  private final HttpClient http;

  Postman(
      AlertLog alerts,
      AlertSettingsStore settings,
      ObjectProvider<JavaMailSender> mail,
      AlertProperties props) {
    this.alerts = alerts;
    this.settings = settings;
    this.mail = mail;
    this.props = props;
    this.http = HttpClient.newBuilder().connectTimeout(props.webhookTimeout()).build();
  }

  /** Sends the alert unless it went already; throws when it could not, to be tried again. */
  void deliver(long id) {
    Optional<SentAlert> found = alerts.find(id);
    if (found.isEmpty() || found.get().sentAt() != null || found.get().failedAt() != null) {
      return;
    }
    SentAlert a = found.get();
    Optional<WebhookUrl> hook = Optional.empty();
    if (a.channel() == Channel.EMAIL && mail.getIfAvailable() == null) {
      // Without an SMTP server no retry can succeed: recorded as not sent, once, not retried
      // eight times into the log.
      alerts.attempted(id, "not sent: no SMTP server is configured (spring.mail.host)");
      alerts.givenUp(id);
      return;
    }
    try {
      switch (a.channel()) {
        case EMAIL -> mail(a);
        case WEBHOOK -> {
          hook = settings.webhook(a.district());
          if (hook.isEmpty()) {
            // Switched off or removed since: nothing to post to, and nothing to retry.
            alerts.attempted(id, "the district's webhook was switched off");
            alerts.givenUp(id);
            return;
          }
          post(hook.get(), a.body());
        }
      }
    } catch (RuntimeException | IOException | MessagingException e) {
      String cause =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      if (hook.isPresent()) {
        cause = hook.get().scrub(cause);
      }
      cause = cause.length() > 300 ? cause.substring(0, 300) : cause;
      alerts.attempted(id, cause);
      log.warn(
          "Alert {} ({} {}) to {} for district {} night {} not sent, tried again later: {}",
          id,
          a.kind(),
          a.channel(),
          a.channel() == Channel.EMAIL ? a.recipient() : hook.map(WebhookUrl::hint).orElse("-"),
          a.district() == null ? "-" : a.district(),
          a.night(),
          cause);
      throw new AlertNotSent("Alert " + id + " not sent: " + cause);
    }
    alerts.sent(id);
    log.info(
        "Alert {} ({} {}) sent for district {} night {}",
        id,
        a.kind(),
        a.channel(),
        a.district() == null ? "-" : a.district(),
        a.night());
  }

  private void mail(SentAlert a) throws MessagingException {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
    }
    MimeMessage m = sender.createMimeMessage();
    MimeMessageHelper h = new MimeMessageHelper(m, false, StandardCharsets.UTF_8.name());
    h.setFrom(props.from());
    h.setTo(a.recipient());
    h.setSubject(a.subject());
    h.setText(a.body(), false);
    // Tells mail servers and out-of-office replies that no person wrote it (RFC 3834).
    m.setHeader("Auto-Submitted", "auto-generated");
    try {
      sender.send(m);
    } catch (MailException e) {
      throw new IllegalStateException("the SMTP server refused or could not be reached", e);
    }
  }

  private void post(WebhookUrl url, String json) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(url.uri())
            .timeout(props.webhookTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    HttpResponse<Void> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting", e);
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException("the webhook answered HTTP " + r.statusCode());
    }
  }

  /** A failed delivery, which the scheduler retries. */
  static final class AlertNotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlertNotSent(String message) {
      super(message);
    }
  }
}
