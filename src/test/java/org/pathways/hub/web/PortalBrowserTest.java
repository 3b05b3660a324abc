package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The portal in a real browser: what a district contact and an engineer see after signing in, each
 * page checked with axe-core and kept as a screenshot under {@code target/screenshots}.
 */
class PortalBrowserTest {

  static final String PASSWORD = "a browser test passphrase";
  static TestHub hub;
  static long ownRun;
  static long otherRun;
  static long heldRun;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict("grand-bend-isd", State.TX, "standard");
    hub.addDistrict("other-isd", State.TX, "standard");
    ownRun = hub.ingestOne("grand-bend-isd", "students.txt", Sample.students(5)).runId();
    otherRun = hub.ingestOne("other-isd", "students.txt", Sample.students(2)).runId();
    hub.ingestOne("other-isd", "students.txt", Sample.students(20));
    heldRun = hub.ingestOne("other-isd", "students-short.txt", Sample.students(15)).runId();
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("admin@hub.test", Role.ADMIN, null, PASSWORD);
    users.add("it@grand-bend.test", Role.DISTRICT_CONTACT, "grand-bend-isd", PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aDistrictContactSignsInToTheirDistrictAndCannotOpenAnother() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.open("/districts/grand-bend-isd");
      assertThat(b.path()).as("sent to sign in first").startsWith("/sign-in");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("sign-in");

      b.signIn("it@grand-bend.test", "not the password");
      assertThat(b.find("[role=alert]").getText()).contains("not right");

      b.signIn("it@grand-bend.test", PASSWORD);
      assertThat(b.path()).as("back where they were going").startsWith("/districts/grand-bend-isd");
      assertThat(b.find("h1").getText()).isEqualTo("GRAND-BEND-ISD ISD");
      assertThat(b.text()).contains("it@grand-bend.test").doesNotContain("other-isd");
      assertThat(b.text()).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} C[SD]T");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("contact-district");

      b.open("/runs/" + ownRun);
      assertThat(b.find("main h2").getText()).contains("students.txt").contains("LOADED");
      assertThat(b.accessibilityProblems()).isEmpty();

      b.open("/districts/grand-bend-isd/data?set=students");
      assertThat(b.all("table.data tbody tr")).hasSize(5);
      b.find("#q").sendKeys("first3");
      b.submit(b.find("form[role=search] button"));
      assertThat(b.all("table.data tbody tr")).hasSize(1);
      assertThat(b.find("table.data tbody tr").getText()).contains("1004").contains("Last3");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("contact-data-preview");

      // The student's id opens their graduation progress: a bar per requirement and the total.
      b.find("table.data tbody tr a").click();
      assertThat(b.path()).isEqualTo("/districts/grand-bend-isd/students/1004");
      assertThat(b.find("main h2").getText()).isEqualTo("Student 1004");
      assertThat(b.all("table.graduation progress")).hasSize(9);
      assertThat(b.text()).contains("Foundation High School Program");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("contact-student");

      b.open("/runs/" + otherRun);
      assertThat(b.find("h1").getText()).isEqualTo("Not found");
      b.open("/districts/other-isd");
      assertThat(b.find("h1").getText()).isEqualTo("Not found");
      assertThat(b.accessibilityProblems()).isEmpty();

      b.signOut();
      assertThat(b.text()).contains("You are signed out");
      b.open("/districts/grand-bend-isd");
      assertThat(b.path()).startsWith("/sign-in");
    }
  }

  @Test
  void anEngineerSeesEveryDistrict() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("engineer@hub.test", PASSWORD);
      assertThat(b.path()).isEqualTo("/");
      assertThat(b.text()).contains("GRAND-BEND-ISD ISD").contains("OTHER-ISD ISD");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("engineer-districts");

      b.open("/runs/" + heldRun);
      assertThat(b.find("main h2").getText()).contains("HELD");
      assertThat(b.find("table.examples caption").getText()).isEqualTo("Would be removed");
      assertThat(b.all("table.examples tbody tr")).hasSize(5);
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("engineer-held-run");
      b.find("#release-reason").sendKeys("Five students moved to the new campus");
      b.submit(b.find("form[action$='/release'] button"));
      assertThat(b.find("[role=status]").getText()).startsWith("Released: ");
      assertThat(b.find("main h2").getText()).contains("RELEASED");
      assertThat(b.text()).contains("engineer@hub.test").contains("Five students moved");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("engineer-released-run");

      b.open("/districts/other-isd/runs?status=RELEASED");
      assertThat(b.text()).contains("1 run matches");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("engineer-runs-filtered");
    }
  }

  @Test
  void anAdministratorAddsAContactAndEveryoneHasTheirAccountPage() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("admin@hub.test", PASSWORD);
      b.find("header a[href='/admin/people']").click();
      assertThat(b.find("h1").getText()).isEqualTo("People who sign in");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.find("#email").sendKeys("counselor-it@grand-bend.test");
      new org.openqa.selenium.support.ui.Select(b.find("#district"))
          .selectByValue("grand-bend-isd");
      b.submit(b.find("form[action='/admin/people/add'] button"));
      assertThat(b.find("#issued-secret").getText()).hasSize(20);
      assertThat(b.text()).contains("counselor-it@grand-bend.test");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("admin-people");

      b.find("header form.who a").click();
      assertThat(b.find("h1").getText()).isEqualTo("My account");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("account");
    }
  }
}
