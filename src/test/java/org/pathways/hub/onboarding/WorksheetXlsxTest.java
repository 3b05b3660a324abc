package org.pathways.hub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The spreadsheet template: what it offers, that it reads back as saved, and a bad file's errors.
 */
class WorksheetXlsxTest {

  static final Worksheet SAVED =
      new Worksheet(
          "UNWEIGHTED",
          41,
          230,
          List.of(
              new Worksheet.Enrollment("0123", "KG", 80),
              new Worksheet.Enrollment("255901001", "09", 412)),
          List.of(
              new Worksheet.NamedStudent(
                  "000604822", "12", new BigDecimal("21.5"), new BigDecimal("3.875")),
              new Worksheet.NamedStudent("604844", null, null, new BigDecimal("4.1"))));

  private static WorksheetInput.Parsed parse(byte[] xlsx) {
    WorksheetXlsx.Read read = WorksheetXlsx.read(new ByteArrayInputStream(xlsx));
    assertThat(read.problems()).isEmpty();
    return WorksheetInput.parse(read.raw(), WorksheetInput.Layout.XLSX);
  }

  @Test
  void theTemplateHasInstructionsAndReadsBackAsSaved() throws Exception {
    byte[] xlsx = WorksheetXlsx.template("Grand Bend ISD", SAVED);
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      assertThat(wb.getSheetName(0)).isEqualTo("Instructions");
      assertThat(wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue())
          .isEqualTo("Data Validation Worksheet for Grand Bend ISD");
      assertThat(List.of(wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)))
          .containsExactly("Totals", "Students per campus", "Named students");
      Sheet students = wb.getSheet("Named students");
      assertThat(students.getRow(1).getCell(0).getStringCellValue())
          .as("ids are text, leading zeros kept")
          .isEqualTo("000604822");
    }
    WorksheetInput.Parsed parsed = parse(xlsx);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.worksheet()).isEqualTo(SAVED);

    assertThat(parse(WorksheetXlsx.template("Empty ISD", Worksheet.EMPTY)).worksheet())
        .isEqualTo(Worksheet.EMPTY);
  }

  @Test
  void numbersTypedIntoIdAndGradeCellsAreReadAsTheirText() throws Exception {
    byte[] xlsx =
        edit(
            WorksheetXlsx.template("X", Worksheet.EMPTY),
            wb -> {
              Row row = wb.getSheet("Students per campus").getRow(1);
              row.createCell(0).setCellValue(255901001d);
              row.createCell(1).setCellValue(9d);
              row.createCell(2).setCellValue(120d);
            });
    assertThat(parse(xlsx).worksheet().enrollment())
        .containsExactly(new Worksheet.Enrollment("255901001", "09", 120));
  }

  @Test
  void aBadWorkbookIsRefusedWithSheetRowColumnValueAndWhatToDo() throws Exception {
    byte[] xlsx =
        edit(
            WorksheetXlsx.template("X", SAVED),
            wb -> {
              Sheet e = wb.getSheet("Students per campus");
              e.getRow(2).getCell(1).setCellValue("13");
              e.getRow(3).getCell(0).setCellValue("0123");
              e.getRow(3).getCell(1).setCellValue("K");
              e.getRow(3).createCell(2).setCellValue("many");
              Sheet s = wb.getSheet("Named students");
              s.getRow(1).getCell(2).setCellValue("twenty");
              wb.getSheet("Totals").getRow(1).getCell(1).setCellValue("-4");
            });
    WorksheetInput.Parsed parsed = parse(xlsx);
    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.worksheet()).isNull();
    assertThat(parsed.problems())
        .extracting(InputProblem::describe)
        .containsExactly(
            "Sheet 'Totals', row 2, column B (active_teachers), value '-4': Active teachers must"
                + " be a whole number of 0 or more, such as 120, or blank.",
            "Sheet 'Students per campus', row 3, column B (grade_level), value '13': Use a grade"
                + " level of PK, KG or 01 to 12.",
            "Sheet 'Students per campus', row 4, column C (expected_students), value 'many':"
                + " Expected active students must be a whole number of 0 or more, such as 120.",
            "Sheet 'Students per campus', row 4, column A (campus_id), value '0123': Campus 0123,"
                + " grade KG is already on row 2: keep one row per campus and grade level.",
            "Sheet 'Named students', row 2, column C (credits_earned), value 'twenty': Credits"
                + " earned must be a number of 0 to 200, such as 12.5, or blank.");
  }

  @Test
  void aMissingSheetAWrongHeaderAndAFileThatIsNoWorkbookAreNamed() throws Exception {
    byte[] noSheet =
        edit(
            WorksheetXlsx.template("X", SAVED), wb -> wb.removeSheetAt(wb.getSheetIndex("Totals")));
    assertThat(WorksheetXlsx.read(new ByteArrayInputStream(noSheet)).problems())
        .extracting(InputProblem::describe)
        .containsExactly(
            "Sheet 'Totals': This sheet is missing: keep the template's sheets and their names"
                + " (download the template again if needed).");

    byte[] header =
        edit(
            WorksheetXlsx.template("X", SAVED),
            wb -> wb.getSheet("Named students").getRow(0).getCell(3).setCellValue("GPA weighted"));
    assertThat(WorksheetXlsx.read(new ByteArrayInputStream(header)).problems())
        .extracting(InputProblem::describe)
        .containsExactly(
            "Sheet 'Named students', row 1, column D, value 'GPA weighted': The header of this"
                + " column must be 'gpa': keep the template's header row and column order as they"
                + " are.");

    WorksheetXlsx.Read csv =
        WorksheetXlsx.read(
            new ByteArrayInputStream(
                "campus_id,grade_level\n1,09\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(csv.raw()).isNull();
    assertThat(csv.problems()).hasSize(1);
    assertThat(csv.problems().get(0).describe())
        .startsWith("The file is not an Excel workbook (.xlsx)");
  }

  @Test
  void moreThanTenNamedStudentsAreRefused() {
    List<WorksheetInput.RawStudent> rows = new java.util.ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      rows.add(new WorksheetInput.RawStudent(i, "S" + i, "09", "", ""));
    }
    WorksheetInput.Parsed p =
        WorksheetInput.parse(
            new WorksheetInput.Raw(null, null, null, List.of(), rows), WorksheetInput.Layout.FORM);
    assertThat(p.problems())
        .extracting(InputProblem::describe)
        .containsExactly(
            "Named students, row 11: At most 10 named students: remove this row and the ones"
                + " after it.");
  }

  interface Edit {
    void apply(Workbook wb) throws Exception;
  }

  private static byte[] edit(byte[] xlsx, Edit edit) throws Exception {
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      edit.apply(wb);
      wb.write(out);
      return out.toByteArray();
    }
  }
}
