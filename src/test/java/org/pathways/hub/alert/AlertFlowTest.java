package org.pathways.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.Expectations;
import org.pathways.hub.monitor.Feed;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.monitor.Nights;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two districts' October nights on a real PostgreSQL, a real SMTP server (GreenMail) and a webhook
 * receiver, with the scheduler sending: a missing file mails the district's contacts and posts to
 * its webhook once, however often the evaluation runs; its late arrival is told to the same people;
 * a data set missing night after night is escalated to the engineer on the third night and reminded
 * of every third night after, not mailed nightly; each engineer gets one morning digest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertFlowTest {

  static final String ALPHA = "alpha-isd";
  static final String BETA = "beta-isd";
  static final String ALPHA_NAME = "ALPHA-ISD ISD";
  static final String PASSWORD = "an alerts passphrase";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static GreenMail smtp;
  static WebhookReceiver webhook;
  static TestClock clock;
  static TestHub hub;

  static Instant central(LocalDate day, LocalTime time) {
    return ZonedDateTime.of(LocalDateTime.of(day, time), Nights.CENTRAL).toInstant();
  }

  @BeforeAll
  static void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    webhook = new WebhookReceiver();
    // October nights, before today: the scheduler (on the real clock) sends what they queue at
    // once.
    clock = new TestClock(central(LocalDate.of(2026, 10, 5), LocalTime.NOON));
    hub =
        TestHub.startWithClock(
            TestStore.SERVER,
            clock,
            "--db-scheduler.enabled=true",
            "--db-scheduler.polling-interval=PT0.5S",
            "--monitor.tick=PT1H",
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtp.getSmtp().getPort(),
            "--alerts.portal-url=https://hub.test",
            "--alerts.from=hub@hub.test",
            "--alerts.retry-backoff=PT1S");
    for (String code : List.of(ALPHA, BETA)) {
      hub.addDistrict(code, State.TX, "standard");
      for (DataSet ds : DataSet.values()) {
        if (ds != DataSet.STUDENTS) {
          hub.bean(Expectations.class)
              .setNights(code, Feed.whole(ds), EnumSet.noneOf(DayOfWeek.class), "test");
        }
      }
    }
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("it@alpha.test", Role.DISTRICT_CONTACT, ALPHA, PASSWORD);
    users.add("it@beta.test", Role.DISTRICT_CONTACT, BETA, PASSWORD);
    users.add("eng1@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("eng2@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("admin@hub.test", Role.ADMIN, null, PASSWORD);
    AlertSettingsStore settings = hub.bean(AlertSettingsStore.class);
    settings.save(
        ALPHA,
        new AlertSettingsStore.Change(
            true, true, "helpdesk@alpha.test", "eng1@hub.test", true, webhook.url(), false),
        "eng1@hub.test");
    settings.setDigest("eng2@hub.test", false);
    settings.setDigest("admin@hub.test", true);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    if (webhook != null) {
      webhook.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  static void send(String code, LocalDate night, LocalTime at, int dayOffset) throws Exception {
    Instant when = central(night.plusDays(dayOffset), at);
    clock.set(when);
    hub.ingestAt(code, "students.txt", Sample.students(12), when);
  }

  /** The evaluation at 02:01 after the night, twice, as two nodes would. */
  static void evaluate(LocalDate night) {
    clock.set(central(night.plusDays(1), LocalTime.of(2, 1)));
    hub.bean(NightlyEvaluation.class).evaluateDue();
    hub.bean(NightlyEvaluation.class).evaluateDue();
  }

  static List<MimeMessage> mails(int n) throws Exception {
    assertThat(smtp.waitForIncomingEmail(20_000, n)).as(n + " mails").isTrue();
    MimeMessage[] all = smtp.getReceivedMessages();
    assertThat(all).as("no more than " + n + " mails").hasSize(n);
    return List.of(all);
  }

  static String to(MimeMessage m) throws Exception {
    return m.getRecipients(Message.RecipientType.TO)[0].toString();
  }

  static List<String> alertsOf(LocalDate night) {
    return hub.jdbc()
        .sql(
            "select kind || ' ' || channel || ' ' || recipient from alert_sent where district = ?"
                + " and night = ? order by id")
        .params(ALPHA, night)
        .query(String.class)
        .list();
  }

  @Test
  @Order(1)
  void aMissingFileMailsTheDistrictAndPostsToItsWebhookOnce() throws Exception {
    LocalDate monday = LocalDate.of(2026, 10, 5);
    send(ALPHA, monday, LocalTime.of(22, 0), 0);
    send(BETA, monday, LocalTime.of(22, 0), 0);
    evaluate(monday);
    assertThat(alertsOf(monday)).as("an on-time night says nothing").isEmpty();

    LocalDate tuesday = monday.plusDays(1);
    send(BETA, tuesday, LocalTime.of(22, 0), 0);
    evaluate(tuesday);
    evaluate(tuesday);
    assertThat(alertsOf(tuesday))
        .containsExactly(
            "NIGHT EMAIL it@alpha.test",
            "NIGHT EMAIL helpdesk@alpha.test",
            "NIGHT WEBHOOK webhook http://127.0.0.1:" + port() + "/…-xyz");

    List<MimeMessage> mails = mails(2);
    assertThat(mails)
        .extracting(AlertFlowTest::to)
        .containsExactlyInAnyOrder("it@alpha.test", "helpdesk@alpha.test");
    for (MimeMessage m : mails) {
      assertThat(m.getSubject())
          .isEqualTo(ALPHA_NAME + ": students missing (night of Tue 2026-10-06)");
      assertThat(m.getFrom()[0].toString()).isEqualTo("hub@hub.test");
      assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
      assertThat(GreenMailUtil.getBody(m).replace("\r\n", "\n"))
          .contains(ALPHA_NAME + ", night of Tue 2026-10-06 (files due by Wed 02:00 CDT)")
          .contains("* students: missing\n")
          .contains("No students file arrived by the Wed 02:00 CDT deadline.")
          .contains("https://hub.test/districts/alpha-isd\n")
          .contains("https://hub.test/districts/alpha-isd/alerts");
    }

    JsonNode post = JSON.readTree(webhook.await(1).get(0));
    assertThat(post.get("kind").asString()).isEqualTo("NIGHT");
    assertThat(post.get("district").asString()).isEqualTo(ALPHA);
    assertThat(post.get("night").asString()).isEqualTo("2026-10-06");
    assertThat(post.get("text").asString())
        .startsWith(ALPHA_NAME + ": students missing (night of Tue 2026-10-06)\n• students:");
    JsonNode item = post.get("items").get(0);
    assertThat(item.get("dataSet").asString()).isEqualTo("students");
    assertThat(item.get("state").asString()).isEqualTo("MISSING");
    assertThat(item.get("reason").asString()).startsWith("No students file arrived");
    assertThat(item.get("run").isNull()).isTrue();
    assertThat(post.get("items")).hasSize(1);
  }

  @Test
  @Order(2)
  void aLateFileIsToldToThoseWhoWereToldItWasMissing() throws Exception {
    LocalDate tuesday = LocalDate.of(2026, 10, 6);
    send(ALPHA, tuesday, LocalTime.of(3, 30), 1);
    clock.set(central(tuesday.plusDays(1), LocalTime.of(3, 31)));
    hub.bean(NightlyEvaluation.class).evaluateDue();
    hub.bean(NightlyEvaluation.class).evaluateDue();

    List<MimeMessage> mails =
        mails(4).stream().filter(m -> subject(m).contains("arrived late")).toList();
    assertThat(mails)
        .extracting(AlertFlowTest::to)
        .containsExactlyInAnyOrder("it@alpha.test", "helpdesk@alpha.test");
    for (MimeMessage m : mails) {
      assertThat(m.getSubject())
          .isEqualTo(
              ALPHA_NAME + ": the students file arrived late for the night of Tue 2026-10-06");
      assertThat(GreenMailUtil.getBody(m))
          .contains("* students: late")
          .contains("The students file came 90 minutes after the Wed 02:00 CDT deadline")
          .contains("Run: https://hub.test/runs/");
    }
    JsonNode post = JSON.readTree(webhook.await(2).get(1));
    assertThat(post.get("kind").asString()).isEqualTo("LATE_ARRIVAL");
    assertThat(post.get("items").get(0).get("state").asString()).isEqualTo("LATE");
    assertThat(post.get("items").get(0).get("run").asString()).startsWith("https://hub.test/runs/");
  }

  @Test
  @Order(3)
  void aDataSetMissingNightAfterNightEscalatesInsteadOfRepeating() throws Exception {
    LocalDate first = LocalDate.of(2026, 10, 7);
    List<String> sequence = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      LocalDate night = first.plusDays(i);
      send(BETA, night, LocalTime.of(22, 0), 0);
      if (i == 2) {
        // The channel is down when the escalation is posted (once the posts before it are in): the
        // scheduler tries again.
        assertThat(webhook.await(3)).hasSize(3);
        webhook.failNext(1);
      }
      evaluate(night);
      sequence.add(night + " " + alertsOf(night));
    }
    String hook = "WEBHOOK webhook http://127.0.0.1:" + port() + "/…-xyz";
    assertThat(sequence)
        .containsExactly(
            "2026-10-07 [NIGHT EMAIL it@alpha.test, NIGHT EMAIL helpdesk@alpha.test, NIGHT "
                + hook
                + "]",
            "2026-10-08 []",
            "2026-10-09 [ESCALATION EMAIL it@alpha.test, ESCALATION EMAIL helpdesk@alpha.test,"
                + " ESCALATION EMAIL eng1@hub.test, ESCALATION "
                + hook
                + "]",
            "2026-10-10 []",
            "2026-10-11 []",
            "2026-10-12 [REMINDER EMAIL it@alpha.test, REMINDER EMAIL helpdesk@alpha.test,"
                + " REMINDER EMAIL eng1@hub.test, REMINDER "
                + hook
                + "]",
            "2026-10-13 []");

    List<MimeMessage> mails = mails(4 + 2 + 3 + 3);
    List<MimeMessage> escalated =
        mails.stream().filter(m -> subject(m).startsWith("[Escalated] ")).toList();
    assertThat(escalated)
        .extracting(AlertFlowTest::to)
        .containsExactlyInAnyOrder("it@alpha.test", "helpdesk@alpha.test", "eng1@hub.test");
    assertThat(subject(escalated.get(0)))
        .isEqualTo(
            "[Escalated] "
                + ALPHA_NAME
                + ": students missing, 3rd night in a row (night of Fri 2026-10-09)");
    assertThat(GreenMailUtil.getBody(escalated.get(0)))
        .contains("so eng1@hub.test is told as well")
        .contains("a reminder comes every 3 nights")
        .contains("* students: missing (3rd night in a row)");
    assertThat(mails.stream().filter(m -> subject(m).startsWith("[Reminder] ")).toList())
        .extracting(AlertFlowTest::subject)
        .containsOnly(
            "[Reminder] "
                + ALPHA_NAME
                + ": students missing, 6th night in a row (night of Mon 2026-10-12)");

    List<String> posts = webhook.await(5);
    assertThat(posts).hasSize(5);
    // The escalation's post was retried after the channel came back, so it may come after later
    // ones.
    JsonNode escalation =
        posts.stream()
            .map(JSON::readTree)
            .filter(p -> p.get("kind").asString().equals("ESCALATION"))
            .findFirst()
            .orElseThrow();
    assertThat(escalation.get("items").get(0).get("nightsInARow").asInt()).isEqualTo(3);
    // Whichever post of those nights met the 503 (the scheduler may carry two at once) was sent
    // on the next attempt.
    Map<String, Object> retried =
        hub.jdbc()
            .sql(
                "select attempts, last_error, sent_at from alert_sent where channel = 'WEBHOOK'"
                    + " and last_error is not null")
            .query()
            .singleRow();
    assertThat(retried.get("attempts")).isEqualTo(2);
    assertThat(retried.get("sent_at")).isNotNull();
    assertThat((String) retried.get("last_error")).contains("HTTP 503").doesNotContain("T0KEN");
  }

  @Test
  @Order(4)
  void eachEngineerGetsOneMorningDigest() throws Exception {
    int before = smtp.getReceivedMessages().length;
    MorningDigest digest = hub.bean(MorningDigest.class);
    LocalDate saturday = LocalDate.of(2026, 10, 10);
    assertThat(digest.send(saturday)).isEqualTo(2);
    assertThat(digest.send(saturday)).as("once a morning").isZero();

    List<MimeMessage> digests =
        mails(before + 2).stream().filter(m -> subject(m).startsWith("Morning digest")).toList();
    assertThat(digests)
        .extracting(AlertFlowTest::to)
        .as("engineers unless they said no, administrators who asked")
        .containsExactlyInAnyOrder("eng1@hub.test", "admin@hub.test");
    MimeMessage m = digests.get(0);
    assertThat(m.getSubject())
        .isEqualTo("Morning digest: 1 district needs attention (night of Fri 2026-10-09)");
    assertThat(GreenMailUtil.getBody(m).replace("\r\n", "\n"))
        .contains(
            "Needs attention:\n\n"
                + ALPHA_NAME
                + " (alpha-isd): https://hub.test/districts/alpha-isd\n")
        .contains("  * students: missing (3rd night in a row)\n    No students file arrived")
        .contains("Fine: BETA-ISD ISD")
        .contains("https://hub.test/alerts");
  }

  @Test
  @Order(5)
  void theWebhookAddressIsKeptEncrypted() {
    byte[] stored =
        hub.jdbc()
            .sql("select webhook_url from alert_setting where district = ?")
            .param(ALPHA)
            .query((rs, n) -> rs.getBytes(1))
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("T0KEN");
    AlertSettings s = hub.bean(AlertSettingsStore.class).get(ALPHA);
    assertThat(s.webhookHint()).isEqualTo("http://127.0.0.1:" + port() + "/…-xyz");
    assertThat(hub.bean(AlertSettingsStore.class).webhook(ALPHA).orElseThrow().uri().toString())
        .isEqualTo(webhook.url());
    assertThat(
            hub.jdbc()
                .sql(
                    "select count(*) from alert_sent where body like '%T0KEN%' or recipient like '%T0KEN%'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  @Order(6)
  void aFileStillBeingProcessedAtTheDeadlineIsToldWhenItEndsRejected() throws Exception {
    // A night after those the earlier tests recorded.
    LocalDate night = LocalDate.of(2026, 10, 20);
    Instant at = central(night, LocalTime.of(23, 0));
    clock.set(at);
    String broken = Sample.students(12).replace("2009-04-13", "2009-13-45");
    List<Long> runs;
    try (java.io.InputStream in =
        new java.io.ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8))) {
      runs =
          hub.bean(org.pathways.hub.pipeline.IngestService.class)
              .receive(
                  new org.pathways.hub.pipeline.IngestService.Received(
                      BETA, "students.txt", "test", at),
                  in);
    }
    evaluate(night);
    assertThat(
            hub.bean(NightlyEvaluation.class)
                .recorded(BETA, night, night)
                .get(0)
                .sets()
                .get(0)
                .state())
        .as("still being processed at the deadline: nobody is told yet")
        .isEqualTo(org.pathways.hub.monitor.NightState.PROCESSING);

    hub.bean(org.pathways.hub.pipeline.IngestService.class).process(runs, b -> {});
    clock.advance(java.time.Duration.ofMinutes(1));
    hub.bean(NightlyEvaluation.class).evaluateDue();
    hub.bean(NightlyEvaluation.class).evaluateDue();

    MimeMessage outcome = null;
    for (int i = 0; i < 80 && outcome == null; i++) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (to(m).equals("it@beta.test") && subject(m).contains("was rejected")) {
          outcome = m;
        }
      }
      if (outcome == null) {
        Thread.sleep(250);
      }
    }
    assertThat(outcome).as("the outcome is told to the district").isNotNull();
    assertThat(outcome.getSubject())
        .isEqualTo("BETA-ISD ISD: the students file of the night of Tue 2026-10-20 was rejected");
    assertThat(
            hub.jdbc()
                .sql(
                    "select count(*) from alert_sent where kind = 'OUTCOME' and district = ? and night = ?")
                .params(BETA, night)
                .query(Long.class)
                .single())
        .as("once, though the evaluation ran twice")
        .isEqualTo(1);
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static int port() {
    return java.net.URI.create(webhook.url()).getPort();
  }
}
