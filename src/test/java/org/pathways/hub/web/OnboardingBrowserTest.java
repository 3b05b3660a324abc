package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.OnboardingTimeline;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * An engineer onboarding a district in a real browser: sets the dates, sees a step past due, marks
 * a step done and undoes it, creates an SFTP account and sees its password once; a contact sees the
 * same timeline without forms. Each page is checked with axe-core and kept as a screenshot.
 */
class OnboardingBrowserTest {

  static final String PASSWORD = "an onboarding passphrase";
  static final String DISTRICT = "prairie-isd";
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(DISTRICT, State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@prairie.test", Role.DISTRICT_CONTACT, DISTRICT, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  /** Sets a date input's value as the date picker would, whatever the browser's locale. */
  static void setDate(Browser b, String css, LocalDate date) {
    WebElement input = b.find(css);
    ((JavascriptExecutor) b.driver())
        .executeScript("arguments[0].value = arguments[1];", input, date.toString());
  }

  @Test
  void anEngineerSchedulesTheOnboardingMarksAStepAndIssuesAnSftpPasswordOnce() throws Exception {
    // The hub runs on the real clock; the kick-off was ten days ago, the training is in ten days.
    LocalDate today = LocalDate.now(Clock.system(OnboardingTimeline.CENTRAL));
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("engineer@hub.test", PASSWORD);
      b.open("/districts/" + DISTRICT + "/onboarding");
      assertThat(b.text()).contains("No kick-off date yet");
      assertThat(b.find("#step-SFTP_READY").getText()).contains("no date yet").contains("To do");

      setDate(b, "#kickoff", today.minusDays(10));
      setDate(b, "#training", today.plusDays(10));
      b.submit(b.find("form.settings-form button[type=submit]"));
      assertThat(b.find("[role=status]").getText()).isEqualTo("Dates saved.");
      assertThat(b.find("#step-SFTP_READY").getText())
          .contains(today.minusDays(8).toString())
          .contains("Past due")
          .contains("No SFTP sign-in seen yet");
      assertThat(b.find("#step-FIRST_FILES").getText()).contains("Past due");
      assertThat(b.find("#step-TRAINING").getText())
          .contains(today.plusDays(10).toString())
          .contains("To do");
      assertThat(b.find(".overdue-summary").getText())
          .startsWith("3 steps are past due")
          .contains("Connection set up, First files, Data Validation Worksheet.");
      assertThat(b.find("#step-AUTOMATIC_SENDS").getText()).as("week 2 not over").contains("To do");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("onboarding-timeline-overdue");

      b.find("#note-WORKSHEET").sendKeys("Worksheet received by email");
      b.submit(b.find("#step-WORKSHEET form.mark button"));
      assertThat(b.find("[role=status]").getText())
          .isEqualTo("'Data Validation Worksheet' marked done.");
      String worksheet = b.find("#step-WORKSHEET").getText();
      assertThat(worksheet)
          .contains("Done")
          .contains("marked by engineer@hub.test")
          .contains("Worksheet received by email")
          .doesNotContain("Past due");
      assertThat(b.find(".overdue-summary").getText()).startsWith("2 steps are past due");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("onboarding-step-marked");

      b.submit(b.find("#step-WORKSHEET button.secondary"));
      assertThat(b.find("#step-WORKSHEET").getText()).contains("Past due");

      // An empty note is refused by the form itself; the server refuses it too.
      assertThat(b.find("#note-TRAINING").getAttribute("required")).isNotNull();

      b.open("/districts/" + DISTRICT + "/settings");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.find("#sftp-username").sendKeys("prairie-job");
      b.submit(b.find("form[action$='/sftp/add'] button[type=submit]"));
      String password = b.find("#issued-secret").getText();
      assertThat(password).hasSize(24);
      assertThat(b.find("#issued-connection").getText()).matches("sftp -P \\d+ prairie-job@.+");
      assertThat(b.text()).contains("Shown this once");
      assertThat(hub.bean(SftpAccounts.class).checkPassword("prairie-job", password))
          .hasValue(DISTRICT);
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("onboarding-settings-new-password");

      b.open("/districts/" + DISTRICT + "/settings");
      assertThat(b.all("#issued-secret")).isEmpty();
      assertThat(b.text()).doesNotContain(password).contains("prairie-job");
      b.screenshot("onboarding-settings");
    }

    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@prairie.test", PASSWORD);
      b.open("/districts/" + DISTRICT + "/onboarding");
      assertThat(b.find("#step-SFTP_READY").getText()).contains("Past due");
      assertThat(b.all("main form")).as("no forms for a contact").isEmpty();
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("onboarding-contact");

      b.open("/districts/" + DISTRICT + "/settings");
      assertThat(b.all("main form"))
          .as("only the API connection, which the district's contacts set up themselves")
          .isNotEmpty()
          .allSatisfy(
              f ->
                  assertThat(f.getAttribute("action"))
                      .containsAnyOf("/settings/powerschool", "/settings/oneroster"));
      assertThat(b.text()).contains("prairie-job").contains("before 02:00 Central time");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("onboarding-contact-settings");
    }
  }
}
