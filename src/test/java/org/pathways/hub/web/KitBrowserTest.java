package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The export kit in a real browser: a district contact of a Skyward district and an engineer
 * looking at a PowerSchool district's kit, each page checked with axe-core and kept as a
 * screenshot.
 */
class KitBrowserTest {

  static final String PASSWORD = "an export kit passphrase";
  static final String SKYWARD = "bluebonnet-isd";
  static final String POWERSCHOOL = "hoosier-schools";
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(SKYWARD, State.TX, "skyward-sms-tx");
    hub.addDistrict(POWERSCHOOL, State.IN, "powerschool-in");
    hub.bean(SftpAccounts.class).add(SKYWARD, "bluebonnet-sis", null, true);
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@bluebonnet.test", Role.DISTRICT_CONTACT, SKYWARD, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aContactReadsTheirKitAndFollowsAFileToItsSpecification() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@bluebonnet.test", PASSWORD);
      b.open("/districts/" + SKYWARD);
      b.find(".district-nav a[href$='/kit']").click();
      assertThat(b.path()).isEqualTo("/districts/" + SKYWARD + "/kit");
      assertThat(b.find(".district-nav a[aria-current=page]").getText()).isEqualTo("Export kit");
      assertThat(b.find("#kit-method").getText()).isEqualTo("SFTP");
      assertThat(b.find("#kit-deadline").getText()).isEqualTo("02:00 Central time");
      assertThat(b.find("#kit-next-deadline").getText()).matches(".* 02:00 C[SD]T");
      assertThat(b.all(".sftp-user"))
          .extracting(e -> e.getText())
          .containsExactly("bluebonnet-sis");
      assertThat(b.find("#sftp-command").getText()).matches("sftp -P \\d+ bluebonnet-sis@.+");
      assertThat(b.find("#sftp-script").getText())
          .startsWith("echo \"put PW_Students_20261130.csv inbox/\" | sftp -b - ");
      assertThat(b.all(".kit-files tbody tr")).hasSize(9);
      assertThat(b.find(".kit-files").getText()).contains("PW_Course_Crosswalk*");
      assertThat(b.find("#kit-zip").getAttribute("href"))
          .endsWith("/districts/" + SKYWARD + "/kit.zip");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("kit-skyward-contact");

      b.find(".kit-files a[href='#spec-4-course-crosswalk']").click();
      assertThat(b.driver().getCurrentUrl()).endsWith("#spec-4-course-crosswalk");
      assertThat(b.find("#spec-4-course-crosswalk").getText()).isEqualTo("4. Course crosswalk");
      b.screenshot("kit-skyward-specification");
    }
  }

  @Test
  void anEngineerSeesThePowerSchoolKitWithThePluginToDownload() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("engineer@hub.test", PASSWORD);
      b.open("/districts/" + POWERSCHOOL + "/kit");
      assertThat(b.find("#kit-method").getText()).isEqualTo("API");
      assertThat(b.find("#powerschool-plugin").getText())
          .contains("Plugin Management Configuration");
      assertThat(b.find("#powerschool-plugin-zip").getAttribute("href"))
          .endsWith("/districts/" + POWERSCHOOL + "/kit/powerschool-plugin.zip");
      assertThat(b.find("#curl-example").getText())
          .contains("$PATHWAYS_API_KEY")
          .contains("/api/v1/districts/" + POWERSCHOOL + "/files?name=com.pathways.hub.students_")
          .doesNotContain("samples/");
      assertThat(b.find(".kit-files").getText()).doesNotContain("ibc").contains("gpa");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("kit-powerschool-engineer");
    }
  }
}
