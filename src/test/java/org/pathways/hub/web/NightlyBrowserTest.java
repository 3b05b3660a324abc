package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.Nights;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The nightly page in a real browser: the calendar coloured by state, the chart drawn from its JSON
 * under the strict content security policy, an engineer changing the nights of the week and adding
 * a pause that turns past nights paused; a contact sees the same without forms. Each page is
 * checked with axe-core and kept as a screenshot.
 */
class NightlyBrowserTest {

  static final String PASSWORD = "a nightly passphrase";
  static final String D = "meadow-isd";
  static final LocalTime TWO = LocalTime.of(2, 0);
  static TestHub hub;
  static LocalDate last;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(D, State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@meadow.test", Role.DISTRICT_CONTACT, D, PASSWORD);
    // The hub runs on the real clock: three weeks of students and teachers files before the
    // deadline, a few late, a rejected one and a missing night, with the row counts growing.
    last = Nights.lastNight(Instant.now(), TWO);
    for (int back = 20; back >= 0; back--) {
      LocalDate night = last.minusDays(back);
      if (back == 6) {
        continue; // nothing that night
      }
      int minutes = back % 7 == 3 ? 50 : -40; // late once a week
      send("students.txt", Sample.students(40 + 2 * (20 - back)), night, minutes);
      if (back == 9) {
        send("teachers.txt", "teacher_id|first_name\n1|Ann\n", night, -30); // rejected
      } else {
        send("teachers.txt", teachers(5 + (20 - back) / 5), night, -35);
      }
    }
  }

  static String teachers(int n) {
    StringBuilder sb = new StringBuilder("teacher_id|first_name|last_name|email|campus_id\n");
    for (int i = 0; i < n; i++) {
      sb.append(2000 + i)
          .append("|T")
          .append(i)
          .append("|Teacher")
          .append(i)
          .append("|t")
          .append(i)
          .append("@meadow.test|255901001\n");
    }
    return sb.toString();
  }

  static void send(String file, String content, LocalDate night, int minutesAfterDeadline)
      throws Exception {
    for (RunSummary r : hub.ingest(D, file, content)) {
      Instant at = Nights.deadline(night, TWO).plusSeconds(60L * minutesAfterDeadline);
      hub.jdbc()
          .sql(
              "update received_file set received_at = ? where id ="
                  + " (select received_file_id from ingest_run where id = ?)")
          .params(Timestamp.from(at), r.runId())
          .update();
    }
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static void setValue(Browser b, String css, String value) {
    WebElement input = b.find(css);
    ((JavascriptExecutor) b.driver())
        .executeScript("arguments[0].value = arguments[1];", input, value);
  }

  static void scrollTo(Browser b, String css) {
    ((JavascriptExecutor) b.driver())
        .executeScript("arguments[0].scrollIntoView({block: 'start'});", b.find(css));
  }

  static String kind(Browser b, String dataSet, LocalDate night) {
    return b.find("#calendar-" + dataSet + " td[data-night='" + night + "']").getAttribute("class");
  }

  /** Waits for the chart script to draw, or to say why it could not. */
  static void awaitChart(Browser b) {
    new WebDriverWait(b.driver(), Duration.ofSeconds(20))
        .until(
            d -> {
              WebElement canvas = b.find("#rows-chart");
              return canvas.getAttribute("data-drawn") != null
                  || canvas.getAttribute("data-problem") != null;
            });
    assertThat(b.find("#rows-chart").getAttribute("data-problem")).isNull();
  }

  @Test
  void anEngineerReadsTheCalendarAndChartAndChangesTheExpectations() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("engineer@hub.test", PASSWORD);
      b.open("/districts/" + D + "/nightly");
      assertThat(b.find("h2#calendar-title").getText()).isEqualTo("Last 90 nights");
      assertThat(kind(b, "students", last)).isEqualTo("cell OK");
      assertThat(kind(b, "students", last.minusDays(3))).isEqualTo("cell LATE");
      assertThat(kind(b, "students", last.minusDays(6))).isEqualTo("cell MISSING");
      assertThat(kind(b, "teachers", last.minusDays(9))).isEqualTo("cell FAILED");
      assertThat(kind(b, "students", last.minusDays(30)))
          .as("before the first file")
          .isEqualTo("cell NONE");
      assertThat(b.find("#calendar-students td[data-night='" + last + "'] a").getAttribute("href"))
          .contains("/runs/");
      awaitChart(b);
      assertThat(b.find("#rows-chart").getAttribute("data-drawn")).isEqualTo("2");
      assertThat(b.find("#rows-chart").getAttribute("aria-label")).contains("table below");
      assertThat(b.accessibilityProblems()).isEmpty();
      assertThat(
              ((JavascriptExecutor) b.driver())
                  .executeScript(
                      "return document.documentElement.scrollWidth <= window.innerWidth"))
          .as("the calendar scrolls in its region, not the page")
          .isEqualTo(true);
      b.screenshot("nightly-calendar");

      // Students on weekdays only; the default every night stays for the others.
      b.find("#nights-students-SATURDAY").click();
      b.find("#nights-students-SUNDAY").click();
      b.submit(b.find("form.expected-form button[type=submit]"));
      assertThat(b.find("[role=status]").getText())
          .isEqualTo("Expected nights saved: students: Mon, Tue, Wed, Thu, Fri.");
      assertThat(b.find("#nights-students-SATURDAY").isSelected()).isFalse();
      assertThat(b.find("#nights-teachers-SATURDAY").isSelected()).isTrue();

      // A pause over two past nights: they turn paused, as nothing is expected then.
      setValue(b, "#pause-starts", last.minusDays(5).toString());
      setValue(b, "#pause-ends", last.minusDays(4).toString());
      b.find("#pause-reason").sendKeys("rollover");
      b.submit(b.find("form.pause-form button[type=submit]"));
      assertThat(b.find("[role=status]").getText())
          .startsWith("Paused from " + last.minusDays(5) + " to " + last.minusDays(4));
      assertThat(kind(b, "teachers", last.minusDays(4))).isEqualTo("cell PAUSED");
      assertThat(b.find("table.pauses").getText())
          .contains("rollover")
          .contains("engineer@hub.test");
      awaitChart(b);
      assertThat(b.accessibilityProblems()).isEmpty();
      scrollTo(b, "#expectations");
      b.screenshot("nightly-expectations");

      // A pause that ends before it starts: refused with the reason, the form filled again.
      setValue(b, "#pause-starts", last.toString());
      setValue(b, "#pause-ends", last.minusDays(1).toString());
      b.find("#pause-reason").sendKeys("backwards");
      b.submit(b.find("form.pause-form button[type=submit]"));
      assertThat(b.find("[role=alert]").getText()).contains("in that order");
      assertThat(b.find("#pause-reason").getAttribute("value")).isEqualTo("backwards");
      assertThat(b.all("table.pauses tbody tr")).hasSize(1);

      b.submit(b.find("table.pauses button.danger"));
      assertThat(b.find("[role=status]").getText()).startsWith("Pause removed");
      assertThat(b.text()).contains("No pause windows");
    }
  }

  @Test
  void aContactSeesTheirNightsWithoutForms() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@meadow.test", PASSWORD);
      b.open("/districts/" + D + "/nightly");
      // Teachers: the other test may have made students a weekday data set.
      assertThat(kind(b, "teachers", last)).isEqualTo("cell OK");
      assertThat(b.all("form.expected-form")).isEmpty();
      assertThat(b.all("form.pause-form")).isEmpty();
      assertThat(b.find("table.expected").getText()).contains("students");
      awaitChart(b);
      // The table of figures behind the chart, opened as a reader would.
      b.find("details.nightly-counts summary").click();
      List<WebElement> rows = b.all("table.nightly-counts tbody tr");
      assertThat(rows).hasSize(20);
      assertThat(rows.get(0).getText()).contains("80").contains("9");
      assertThat(b.accessibilityProblems()).isEmpty();
      scrollTo(b, "#calendar-title");
      b.screenshot("nightly-contact");
    }
  }
}
