package org.pathways.hub.alert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.NightEvaluated;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.NightStatusChanged;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns recorded nights into alerts for the district: at the deadline, one mail per recipient and
 * one webhook post per district night that needs attention (escalated, or left out, by how long
 * each data set's trouble has lasted); later, a word when a missing file arrives after all, to
 * whoever was told it was missing, and when a file processed at the deadline ends held or rejected.
 * Engineers get the rest in their morning digest.
 */
@Component
class NightAlerts {

  /** How far back a data set's streak of failing nights is looked for. */
  static final int HISTORY_NIGHTS = 60;

  private static final Logger log = LoggerFactory.getLogger(NightAlerts.class);

  private final AlertProperties props;
  private final AlertSettingsStore settings;
  private final AlertLog alerts;
  private final Outbox.Queue queue;
  private final PortalUsers users;
  private final DistrictRepository districts;
  private final NightlyEvaluation evaluation;
  private final Letters letters;

  NightAlerts(
      AlertProperties props,
      AlertSettingsStore settings,
      AlertLog alerts,
      Outbox.Queue queue,
      PortalUsers users,
      DistrictRepository districts,
      NightlyEvaluation evaluation) {
    this.props = props;
    this.settings = settings;
    this.alerts = alerts;
    this.queue = queue;
    this.users = users;
    this.districts = districts;
    this.evaluation = evaluation;
    this.letters = new Letters(props);
  }

  @EventListener
  void on(NightEvaluated e) {
    if (!props.enabled() || !e.night().needsAttention()) {
      return;
    }
    // The night is recorded whatever happens here: a broken alert must not stop the evaluation.
    try {
      alert(e.night());
    } catch (RuntimeException ex) {
      log.error(
          "Alerts for district {} night {} not made", e.night().district(), e.night().night(), ex);
    }
  }

  @EventListener
  void on(NightStatusChanged e) {
    if (!props.enabled()) {
      return;
    }
    try {
      if (e.now().state() == NightState.LATE) {
        lateArrival(e.district(), e.night(), e.now());
      } else if (e.before() == NightState.PROCESSING && e.now().state().needsAttention()) {
        outcome(e.district(), e.night(), e.now());
      }
    } catch (RuntimeException ex) {
      log.error("Alert for district {} night {} not made", e.district(), e.night(), ex);
    }
  }

  private void alert(DistrictNight night) {
    District d = districts.find(night.district()).orElseThrow();
    List<DistrictNight> history =
        evaluation.recorded(d.code(), night.night().minusDays(HISTORY_NIGHTS), night.night());
    List<Letters.Item> items = new ArrayList<>();
    boolean tell = false;
    boolean escalate = false;
    boolean remind = false;
    for (DataSetNight s : night.sets()) {
      if (!s.state().needsAttention()) {
        continue;
      }
      int streak =
          Escalation.failing(s.state())
              ? Math.max(1, Escalation.nightsInARow(history, night.night(), s.feed()))
              : 0;
      items.add(new Letters.Item(s, streak));
      switch (Escalation.step(streak, props.escalateAfterNights(), props.remindEveryNights())) {
        case TELL -> tell = true;
        case ESCALATE -> escalate = true;
        case REMIND -> remind = true;
        case QUIET -> {}
      }
    }
    if (!tell && !escalate && !remind) {
      log.info(
          "District {} night {}: the district was told of each data set's trouble before; no new"
              + " alert",
          d.code(),
          night.night());
      return;
    }
    AlertKind kind =
        escalate ? AlertKind.ESCALATION : remind ? AlertKind.REMINDER : AlertKind.NIGHT;
    AlertSettings s = settings.get(d.code());
    Set<String> to = new LinkedHashSet<>(districtRecipients(s));
    List<String> engineers = List.of();
    if (kind != AlertKind.NIGHT) {
      engineers = engineers(s);
      to.addAll(engineers);
    }
    List<String> sets = items.stream().map(i -> i.set().feed().id()).toList();
    String subject = letters.subject(kind, d.name(), night.night(), items);
    String body =
        letters.nightBody(
            kind,
            d.code(),
            d.name(),
            night.night(),
            night.deadline(),
            items,
            s.engineer() == null ? List.of() : List.of(s.engineer()));
    String key = "night|" + d.code() + "|" + night.night();
    for (String email : to) {
      queue.send(
          new AlertLog.Draft(
              key + "|email|" + email,
              kind,
              Channel.EMAIL,
              email,
              d.code(),
              night.night(),
              sets,
              subject,
              body));
    }
    if (s.webhookEnabled() && s.hasWebhook()) {
      queue.send(
          new AlertLog.Draft(
              key + "|webhook",
              kind,
              Channel.WEBHOOK,
              "webhook " + s.webhookHint(),
              d.code(),
              night.night(),
              sets,
              subject,
              letters.webhook(kind, d.code(), d.name(), night.night(), subject, items)));
    }
    if (to.isEmpty() && !(s.webhookEnabled() && s.hasWebhook())) {
      log.debug("District {} night {}: nobody to alert", d.code(), night.night());
      return;
    }
    log.info(
        "District {} night {}: {} alert to {} recipients{}",
        d.code(),
        night.night(),
        kind,
        to.size(),
        s.webhookEnabled() && s.hasWebhook() ? " and the webhook" : "");
  }

  /** A late file is told to everybody, mail or webhook, who was told it was missing. */
  private void lateArrival(String district, LocalDate night, DataSetNight now) {
    District d = districts.find(district).orElseThrow();
    String subject = letters.lateSubject(d.name(), night, now);
    String body = letters.changeBody(d.code(), d.name(), night, now);
    String key = "late|" + district + "|" + night + "|" + now.feed().id();
    Set<String> told = new LinkedHashSet<>();
    boolean webhook = false;
    for (SentAlert a : alerts.toldAbout(district, night, now.feed().id())) {
      if (a.channel() == Channel.EMAIL) {
        told.add(a.recipient());
      } else {
        webhook = true;
      }
    }
    for (String email : told) {
      queue.send(
          new AlertLog.Draft(
              key + "|email|" + email,
              AlertKind.LATE_ARRIVAL,
              Channel.EMAIL,
              email,
              district,
              night,
              List.of(now.feed().id()),
              subject,
              body));
    }
    if (webhook) {
      AlertSettings s = settings.get(district);
      queue.send(
          new AlertLog.Draft(
              key + "|webhook",
              AlertKind.LATE_ARRIVAL,
              Channel.WEBHOOK,
              "webhook " + s.webhookHint(),
              district,
              night,
              List.of(now.feed().id()),
              subject,
              letters.webhook(
                  AlertKind.LATE_ARRIVAL,
                  district,
                  d.name(),
                  night,
                  subject,
                  List.of(new Letters.Item(now, 0)))));
    }
  }

  /** A file processed at the deadline that ended held or rejected: the district is told. */
  private void outcome(String district, LocalDate night, DataSetNight now) {
    District d = districts.find(district).orElseThrow();
    AlertSettings s = settings.get(district);
    String subject = letters.outcomeSubject(d.name(), night, now);
    String body = letters.changeBody(d.code(), d.name(), night, now);
    String key = "outcome|" + district + "|" + night + "|" + now.feed().id();
    for (String email : districtRecipients(s)) {
      queue.send(
          new AlertLog.Draft(
              key + "|email|" + email,
              AlertKind.OUTCOME,
              Channel.EMAIL,
              email,
              district,
              night,
              List.of(now.feed().id()),
              subject,
              body));
    }
    if (s.webhookEnabled() && s.hasWebhook()) {
      queue.send(
          new AlertLog.Draft(
              key + "|webhook",
              AlertKind.OUTCOME,
              Channel.WEBHOOK,
              "webhook " + s.webhookHint(),
              district,
              night,
              List.of(now.feed().id()),
              subject,
              letters.webhook(
                  AlertKind.OUTCOME,
                  district,
                  d.name(),
                  night,
                  subject,
                  List.of(new Letters.Item(now, 1)))));
    }
  }

  /** The district's contacts (when chosen) and its extra addresses, when mail is on. */
  private List<String> districtRecipients(AlertSettings s) {
    if (!s.emailEnabled()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (s.toContacts()) {
      for (PortalUser u : users.list()) {
        if (u.role() == Role.DISTRICT_CONTACT
            && s.district().equals(u.district())
            && !u.disabled()) {
          out.add(u.email());
        }
      }
    }
    out.addAll(s.extraEmails());
    return List.copyOf(out);
  }

  /** The district's engineer, or every active engineer when it has none. */
  private List<String> engineers(AlertSettings s) {
    if (!s.emailEnabled()) {
      return List.of();
    }
    if (s.engineer() != null) {
      return List.of(s.engineer());
    }
    return users.list().stream()
        .filter(u -> u.role() == Role.ENGINEER && !u.disabled())
        .map(PortalUser::email)
        .toList();
  }
}
