package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The alert settings page in a real browser: an engineer sets who hears about a district and its
 * webhook, which is shown back only as a hint; the district's contact sees the same settings and
 * the alerts sent, without a form; an engineer turns their morning digest off. Each page is checked
 * with axe-core and kept as a screenshot.
 */
class AlertsBrowserTest {

  static final String PASSWORD = "an alerts page passphrase";
  static final String DISTRICT = "prairie-isd";
  static final String TOKEN = "XyZ-webhook-T0KEN-9876";
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(DISTRICT, State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("lead@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@prairie.test", Role.DISTRICT_CONTACT, DISTRICT, PASSWORD);
    hub.jdbc()
        .sql(
            "insert into alert_sent (dedupe_key, kind, channel, recipient, district, night, datasets,"
                + " subject, body, created_at, sent_at, attempts) values ('k', 'NIGHT', 'EMAIL',"
                + " 'it@prairie.test', ?, ?, ',students,', 'PRAIRIE-ISD ISD: students missing (night"
                + " of Mon 2026-10-05)', 'body', ?, ?, 1)")
        .params(
            DISTRICT,
            LocalDate.of(2026, 10, 5),
            Timestamp.from(Instant.parse("2026-10-06T07:01:00Z")),
            Timestamp.from(Instant.parse("2026-10-06T07:01:02Z")))
        .update();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void anEngineerSetsWhoIsToldAndTheContactSeesIt() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("engineer@hub.test", PASSWORD);
      b.open("/districts/" + DISTRICT);
      b.find(".district-nav a[href$='/alerts']").click();
      assertThat(b.path()).isEqualTo("/districts/" + DISTRICT + "/alerts");
      assertThat(b.find(".district-nav a[aria-current=page]").getText()).isEqualTo("Alerts");
      assertThat(b.find("#summary-contacts").getText()).isEqualTo("it@prairie.test");
      assertThat(b.find("#summary-webhook").getText()).isEqualTo("none");

      b.find("#extraEmails").sendKeys("helpdesk@prairie.test\nSUPERINTENDENT@prairie.test");
      new Select(b.find("#engineer")).selectByValue("lead@hub.test");
      b.find("#webhookUrl").sendKeys("https://hooks.slack.com/services/T0/B0/" + TOKEN);
      b.find("#webhookEnabled").click();
      b.submit(b.find("main form button[type=submit]"));

      assertThat(b.find("p.ok").getText()).isEqualTo("Alert settings saved.");
      assertThat(b.find("#summary-extra").getText())
          .isEqualTo("helpdesk@prairie.test, superintendent@prairie.test");
      assertThat(b.find("#summary-engineer").getText()).isEqualTo("lead@hub.test");
      assertThat(b.find("#summary-webhook").getText())
          .isEqualTo("https://hooks.slack.com/…9876, on");
      assertThat(b.driver().getPageSource()).doesNotContain(TOKEN);
      assertThat(b.all(".sent-alerts tbody tr")).hasSize(1);
      assertThat(b.find(".sent-alerts").getText())
          .contains("night")
          .contains("students missing")
          .contains("sent");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("alerts-engineer");

      // A wrong address is refused with the reason and changes nothing.
      b.find("#webhookUrl").sendKeys("ftp://hooks.slack.com/services/x");
      b.submit(b.find("main form button[type=submit]"));
      assertThat(b.find("p.alert").getText()).contains("must start with https://");
      assertThat(b.find("#summary-webhook").getText())
          .isEqualTo("https://hooks.slack.com/…9876, on");
    }
    assertThat(
            hub.jdbc()
                .sql("select count(*) from audit_event where action = 'alerts.settings'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
    assertThat(
            hub.jdbc()
                .sql("select count(*) from audit_event where detail like ?")
                .param("%" + TOKEN + "%")
                .query(Long.class)
                .single())
        .as("the webhook's token is not in the audit trail")
        .isZero();

    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@prairie.test", PASSWORD);
      b.open("/districts/" + DISTRICT + "/alerts");
      assertThat(b.all("main form")).isEmpty();
      assertThat(b.find("#summary-engineer").getText()).isEqualTo("lead@hub.test");
      assertThat(b.all(".sent-alerts tbody tr")).hasSize(1);
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("alerts-contact");
    }
  }

  @Test
  void anEngineerTurnsTheirMorningDigestOff() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("lead@hub.test", PASSWORD);
      b.find("header a[href='/alerts']").click();
      assertThat(b.find("#wanted").isSelected()).isTrue();
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("alerts-my-digest");
      b.find("#wanted").click();
      b.submit(b.find("main form button[type=submit]"));
      assertThat(b.find("p.ok").getText()).isEqualTo("You no longer get the morning digest.");
      assertThat(b.find("#wanted").isSelected()).isFalse();
    }
  }
}
