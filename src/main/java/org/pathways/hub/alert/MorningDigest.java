package org.pathways.hub.alert;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.NightState;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.monitor.Nights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each engineer's one mail of the morning: every district whose last night needs attention, grouped
 * by district with each data set's state, reason and streak, and the districts that are fine or
 * paused in a line each. Sent every morning, also when all is well, so a silent hub is noticed too.
 */
@Component
class MorningDigest {

  private static final Logger log = LoggerFactory.getLogger(MorningDigest.class);

  private final AlertProperties props;
  private final AlertSettingsStore settings;
  private final Outbox.Queue queue;
  private final PortalUsers users;
  private final DistrictRepository districts;
  private final NightlyEvaluation evaluation;
  private final Clock clock;
  private final Letters letters;

  MorningDigest(
      AlertProperties props,
      AlertSettingsStore settings,
      Outbox.Queue queue,
      PortalUsers users,
      DistrictRepository districts,
      NightlyEvaluation evaluation,
      Clock clock) {
    this.props = props;
    this.settings = settings;
    this.queue = queue;
    this.users = users;
    this.districts = districts;
    this.evaluation = evaluation;
    this.clock = clock;
    this.letters = new Letters(props);
  }

  /** This morning's digest, on the Central calendar. */
  int sendNow() {
    return send(clock.instant().atZone(Nights.CENTRAL).toLocalDate());
  }

  /**
   * The digest of the morning of {@code morning} (about the night before) to every engineer who
   * wants it; a second call for the same morning sends nothing.
   *
   * @return how many digests this call queued
   */
  int send(LocalDate morning) {
    if (!props.enabled()) {
      return 0;
    }
    LocalDate night = morning.minusDays(1);
    List<String> attention = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    List<String> paused = new ArrayList<>();
    List<String> notWatched = new ArrayList<>();
    int needing = 0;
    for (District d : districts.list()) {
      List<DistrictNight> history =
          evaluation.recorded(d.code(), night.minusDays(NightAlerts.HISTORY_NIGHTS), night);
      DistrictNight last =
          history.isEmpty() || !history.get(history.size() - 1).night().equals(night)
              ? null
              : history.get(history.size() - 1);
      if (last == null) {
        notWatched.add(d.name());
        continue;
      }
      if (!last.needsAttention()) {
        boolean allPaused =
            !last.sets().isEmpty()
                && last.sets().stream().allMatch(s -> s.state() == NightState.PAUSED);
        (allPaused ? paused : fine).add(d.name());
        continue;
      }
      needing++;
      StringBuilder b = new StringBuilder();
      b.append(d.name())
          .append(" (")
          .append(d.code())
          .append("): ")
          .append(props.link("/districts/" + d.code()))
          .append('\n');
      for (DataSetNight s : last.sets()) {
        if (!s.state().needsAttention()) {
          continue;
        }
        int streak =
            Escalation.failing(s.state())
                ? Math.max(1, Escalation.nightsInARow(history, night, s.feed()))
                : 0;
        b.append("  * ").append(s.feed().label()).append(": ").append(Letters.word(s.state()));
        if (streak > 1) {
          b.append(" (").append(Letters.ordinal(streak)).append(" night in a row)");
        }
        b.append("\n    ").append(s.reason()).append('\n');
        if (s.runId() != null) {
          b.append("    Run: ").append(letters.runLink(s.runId())).append('\n');
        }
      }
      attention.add(b.toString());
    }
    String subject =
        "Morning digest: "
            + (needing == 0
                ? "every district fine"
                : needing + (needing == 1 ? " district needs" : " districts need") + " attention")
            + " (night of "
            + Letters.day(night)
            + ")";
    StringBuilder body = new StringBuilder();
    body.append("The night of ").append(Letters.day(night)).append(", as of this morning.\n\n");
    if (attention.isEmpty()) {
      body.append("No district needs attention.\n");
    } else {
      body.append("Needs attention:\n\n");
      attention.forEach(a -> body.append(a).append('\n'));
    }
    line(body, "Fine", fine);
    line(body, "Paused", paused);
    line(body, "Not watched yet (no file received, or not evaluated)", notWatched);
    body.append("\nChoose whether you get this mail: ").append(props.link("/alerts")).append('\n');
    int queued = 0;
    for (PortalUser u : users.list()) {
      if (settings.wantsDigest(u)
          && queue
              .send(
                  new AlertLog.Draft(
                      "digest|" + morning + "|" + u.email(),
                      AlertKind.DIGEST,
                      Channel.EMAIL,
                      u.email(),
                      null,
                      night,
                      List.of(),
                      subject,
                      body.toString()))
              .isPresent()) {
        queued++;
      }
    }
    if (queued > 0) {
      log.info(
          "Morning digest of {}: {} districts need attention, {} mails", morning, needing, queued);
    }
    return queued;
  }

  private static void line(StringBuilder b, String label, List<String> names) {
    if (!names.isEmpty()) {
      b.append(label).append(": ").append(String.join(", ", names)).append('\n');
    }
  }
}
