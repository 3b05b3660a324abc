package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.Worksheet;
import org.pathways.hub.onboarding.WorksheetXlsx;
import org.pathways.hub.onboarding.Worksheets;
import org.pathways.hub.support.Browser;
import org.pathways.hub.support.StandardFixtures;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The worksheet in a real browser: the district contact fills it in, the engineer sees the
 * mismatch, cannot approve, waives it with a reason and approves; a bad spreadsheet is refused with
 * its errors. Every page axe-checked and kept as a screenshot.
 */
class WorksheetBrowserTest {

  static final String PASSWORD = "a worksheet test passphrase";
  static final String DISTRICT = "grand-bend-isd";
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(DISTRICT, State.TX, "standard");
    StandardFixtures.load(hub, DISTRICT);
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@grand-bend.test", Role.DISTRICT_CONTACT, DISTRICT, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static void type(Browser b, String id, String value) {
    WebElement e = b.find("#" + id);
    e.clear();
    e.sendKeys(value);
  }

  @Test
  void aContactFillsTheWorksheetAndAnEngineerWaivesAMismatchAndApproves() throws Exception {
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@grand-bend.test", PASSWORD);
      b.open("/districts/" + DISTRICT + "/worksheet");
      assertThat(b.text()).contains("Not approved for training yet");
      assertThat(b.all("form.approve")).as("contacts do not approve").isEmpty();

      type(b, "teachers", "4");
      type(b, "courses", "12");
      type(b, "campus-1", "255901001");
      type(b, "grade-1", "12");
      type(b, "expected-1", "2");
      type(b, "campus-2", "255901001");
      type(b, "grade-2", "10");
      type(b, "expected-2", "5");
      type(b, "campus-3", "255901001");
      type(b, "grade-3", "nine");
      type(b, "expected-3", "2");
      type(b, "student-1", "604822");
      type(b, "student-grade-1", "12");
      type(b, "credits-1", "3");
      type(b, "gpa-1", "4.0");
      b.submit(b.find("#save"));
      assertThat(b.text())
          .contains("Nothing was saved")
          .contains(
              "Students per campus and grade, row 3, column Grade level, value 'nine': Use a grade"
                  + " level of PK, KG or 01 to 12.");
      assertThat(b.find("#campus-1").getDomProperty("value"))
          .as("what was typed comes back")
          .isEqualTo("255901001");
      assertThat(hub.bean(Worksheets.class).status(DISTRICT).submitted()).isFalse();
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("worksheet-contact-refused");

      type(b, "grade-3", "9");
      b.find("#add-row").click();
      assertThat(b.find("#campus-" + (b.all("#enrollment-rows tr").size())).getDomProperty("value"))
          .as("the added row is empty")
          .isEmpty();
      b.submit(b.find("#save"));
      assertThat(b.find("[role=status]").getText()).contains("Worksheet saved.");
      assertThat(b.text()).contains("8 line(s): 7 match, 1 mismatch, 0 waived");
      assertThat(b.all("form.waive")).as("contacts do not waive").isEmpty();
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("worksheet-contact-saved");
      b.signOut();

      b.signIn("engineer@hub.test", PASSWORD);
      b.open("/districts/" + DISTRICT + "/worksheet");
      WebElement mismatch = b.find("tr.verdict-row-MISMATCH");
      assertThat(mismatch.getText())
          .contains("Campus 255901001, grade 10")
          .contains("5")
          .contains("-4")
          .contains("± 2")
          .contains("mismatch");
      b.submit(b.find("#approve"));
      assertThat(b.find("[role=alert]").getText())
          .contains("Not approved: 1 line(s) still mismatch the live data");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("worksheet-engineer-mismatch");

      b.find("tr.verdict-row-MISMATCH input[name=reason]")
          .sendKeys("One tenth grader re-enrols next week; the SIS shows the withdrawal");
      b.submit(b.find("tr.verdict-row-MISMATCH button"));
      assertThat(b.find("tr.verdict-row-WAIVED").getText())
          .contains("waived")
          .contains("One tenth grader re-enrols next week")
          .contains("engineer@hub.test");
      assertThat(b.text()).contains("8 line(s): 7 match, 0 mismatch, 1 waived");

      type(b, "approval-note", "Final data review done");
      b.submit(b.find("#approve"));
      assertThat(b.find("[role=status]").getText())
          .contains("The district is approved for training.");
      assertThat(b.find(".approved").getText())
          .contains("Approved for training by engineer@hub.test")
          .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} C[SD]T")
          .contains("Final data review done");
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("worksheet-engineer-approved");
      assertThat(hub.bean(Worksheets.class).status(DISTRICT).approved()).isTrue();
    }
  }

  @Test
  void aBadSpreadsheetIsRefusedWithItsErrorsAndAGoodOneReplacesTheWorksheet() throws Exception {
    String district = "upload-isd";
    hub.addDistrict(district, State.TX, "standard");
    StandardFixtures.load(hub, district);
    hub.bean(PortalUsers.class).add("it@upload.test", Role.DISTRICT_CONTACT, district, PASSWORD);
    Path dir = Files.createTempDirectory("worksheet-upload");
    byte[] template = WorksheetXlsx.template("Upload ISD", Worksheet.EMPTY);
    Path bad = dir.resolve("bad.xlsx");
    Path good = dir.resolve("good.xlsx");
    Files.write(
        bad,
        edit(
            template,
            wb -> {
              var row = wb.getSheet("Named students").getRow(1);
              row.getCell(0).setCellValue("604822");
              row.createCell(3).setCellValue("four");
            }));
    Files.write(
        good,
        edit(
            template,
            wb -> {
              var row = wb.getSheet("Students per campus").getRow(1);
              row.getCell(0).setCellValue("255901041");
              row.getCell(1).setCellValue("08");
              row.createCell(2).setCellValue(1);
            }));
    try (Browser b = new Browser(hub.webPort())) {
      b.signIn("it@upload.test", PASSWORD);
      b.open("/districts/" + district + "/worksheet");
      b.find("#worksheet-file").sendKeys(bad.toString());
      b.submit(b.find("#upload-button"));
      assertThat(b.text())
          .contains("The spreadsheet was not saved")
          .contains(
              "Sheet 'Named students', row 2, column D (gpa), value 'four': GPA must be a number");
      assertThat(hub.bean(Worksheets.class).status(district).submitted()).isFalse();
      assertThat(b.accessibilityProblems()).isEmpty();
      b.screenshot("worksheet-upload-refused");

      b.find("#worksheet-file").sendKeys(good.toString());
      b.submit(b.find("#upload-button"));
      assertThat(b.find("[role=status]").getText())
          .contains("Worksheet read from the spreadsheet and saved.");
      assertThat(b.find("tr.verdict-row-MATCH").getText()).contains("Campus 255901041, grade 08");
      assertThat(b.find("#campus-1").getDomProperty("value")).isEqualTo("255901041");
    }
  }

  interface Edit {
    void apply(Workbook wb) throws Exception;
  }

  private static byte[] edit(byte[] xlsx, Edit edit) throws Exception {
    try (Workbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      edit.apply(wb);
      wb.write(out);
      return out.toByteArray();
    }
  }
}
