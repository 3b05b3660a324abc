package org.pathways.hub.onboarding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The worksheet as an Excel workbook: a template to fill in offline (pre-filled with what is saved,
 * with an instructions sheet), and the reader that takes it back. Id and grade columns are
 * formatted as text so Excel keeps leading zeros; the reader still copes with numbers typed into
 * them.
 */
public final class WorksheetXlsx {

  static final String INSTRUCTIONS = "Instructions";
  static final String TOTALS = "Totals";
  static final String ENROLLMENT = "Students per campus";
  static final String STUDENTS = "Named students";

  static final String TEACHERS_ITEM = "active_teachers";
  static final String COURSES_ITEM = "courses_in_crosswalk";
  static final String GPA_TYPE_ITEM = "gpa_type";

  private static final String[] ENROLLMENT_HEADER = {
    "campus_id", "grade_level", "expected_students"
  };
  private static final String[] STUDENTS_HEADER = {
    "student_id", "grade_level", "credits_earned", "gpa"
  };
  private static final String[] TOTALS_HEADER = {"item", "expected", "what to state"};
  private static final int TEXT_ROWS = 1000;

  private WorksheetXlsx() {}

  /** What was read from an upload: the values as typed, or why the file could not be read. */
  public record Read(WorksheetInput.Raw raw, List<InputProblem> problems) {
    public Read {
      problems = List.copyOf(problems);
    }
  }

  /** The template for a district, pre-filled with {@code saved}. */
  public static byte[] template(String districtName, Worksheet saved) {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      CellStyle bold = wb.createCellStyle();
      Font font = wb.createFont();
      font.setBold(true);
      bold.setFont(font);
      CellStyle text = wb.createCellStyle();
      text.setDataFormat(wb.createDataFormat().getFormat("@"));
      CellStyle wrap = wb.createCellStyle();
      wrap.setWrapText(true);

      Sheet help = wb.createSheet(INSTRUCTIONS);
      help.setColumnWidth(0, 110 * 256);
      List<String> lines = instructions(districtName);
      for (int i = 0; i < lines.size(); i++) {
        Cell c = help.createRow(i).createCell(0);
        c.setCellValue(lines.get(i));
        c.setCellStyle(i == 0 ? bold : wrap);
      }

      Sheet totals = wb.createSheet(TOTALS);
      header(totals, TOTALS_HEADER, bold);
      totalRow(
          totals,
          1,
          TEACHERS_ITEM,
          saved.teachers() == null ? null : saved.teachers().toString(),
          "Active teachers in your SIS (not counselors or administrators).");
      totalRow(
          totals,
          2,
          COURSES_ITEM,
          saved.courses() == null ? null : saved.courses().toString(),
          "Active courses in your course crosswalk.");
      totalRow(
          totals,
          3,
          GPA_TYPE_ITEM,
          saved.gpaType(),
          "Which GPA the named students' GPA is: WEIGHTED or UNWEIGHTED.");
      totals.setColumnWidth(0, 24 * 256);
      totals.setColumnWidth(1, 14 * 256);
      totals.setColumnWidth(2, 70 * 256);

      Sheet enrollment = wb.createSheet(ENROLLMENT);
      header(enrollment, ENROLLMENT_HEADER, bold);
      textColumns(enrollment, 2, text);
      int r = 1;
      for (Worksheet.Enrollment e : saved.enrollment()) {
        Row row = row(enrollment, r++);
        row.getCell(0).setCellValue(e.campusId());
        row.getCell(1).setCellValue(e.gradeLevel());
        row.createCell(2).setCellValue(e.expected());
      }
      widths(enrollment, 3);

      Sheet students = wb.createSheet(STUDENTS);
      header(students, STUDENTS_HEADER, bold);
      textColumns(students, 2, text);
      r = 1;
      for (Worksheet.NamedStudent s : saved.students()) {
        Row row = row(students, r++);
        row.getCell(0).setCellValue(s.studentId());
        if (s.gradeLevel() != null) {
          row.getCell(1).setCellValue(s.gradeLevel());
        }
        if (s.creditsEarned() != null) {
          row.createCell(2).setCellValue(s.creditsEarned().doubleValue());
        }
        if (s.gpa() != null) {
          row.createCell(3).setCellValue(s.gpa().doubleValue());
        }
      }
      widths(students, 4);
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the worksheet template", e);
    }
  }

  /** Reads a filled-in template; a file that is not one comes back as problems, never thrown. */
  public static Read read(InputStream in) {
    List<InputProblem> problems = new ArrayList<>();
    try (Workbook wb = new XSSFWorkbook(in)) {
      Sheet totals = sheet(wb, TOTALS, problems);
      Sheet enrollment = sheet(wb, ENROLLMENT, problems);
      Sheet students = sheet(wb, STUDENTS, problems);
      if (!problems.isEmpty()) {
        return new Read(null, problems);
      }
      checkHeader(totals, TOTALS_HEADER, 2, problems);
      checkHeader(enrollment, ENROLLMENT_HEADER, ENROLLMENT_HEADER.length, problems);
      checkHeader(students, STUDENTS_HEADER, STUDENTS_HEADER.length, problems);
      if (!problems.isEmpty()) {
        return new Read(null, problems);
      }
      WorksheetInput.RawValue teachers = null;
      WorksheetInput.RawValue courses = null;
      WorksheetInput.RawValue gpaType = null;
      for (int i = 1; i <= totals.getLastRowNum(); i++) {
        Row row = totals.getRow(i);
        String item = text(row, 0).toLowerCase(Locale.ROOT);
        WorksheetInput.RawValue v = new WorksheetInput.RawValue(i + 1, text(row, 1));
        switch (item) {
          case TEACHERS_ITEM -> teachers = v;
          case COURSES_ITEM -> courses = v;
          case GPA_TYPE_ITEM -> gpaType = v;
          case "" -> {
            if (!v.value().isEmpty()) {
              problems.add(
                  new InputProblem(
                      true,
                      TOTALS,
                      i + 1,
                      "A (item)",
                      null,
                      "A value without an item: keep the items active_teachers,"
                          + " courses_in_crosswalk and gpa_type in column A."));
            }
          }
          default ->
              problems.add(
                  new InputProblem(
                      true,
                      TOTALS,
                      i + 1,
                      "A (item)",
                      item,
                      "Unknown item: the items are active_teachers, courses_in_crosswalk and"
                          + " gpa_type; keep the template's item names."));
        }
      }
      List<WorksheetInput.RawEnrollment> rows = new ArrayList<>();
      for (int i = 1; i <= enrollment.getLastRowNum(); i++) {
        Row row = enrollment.getRow(i);
        rows.add(new WorksheetInput.RawEnrollment(i + 1, text(row, 0), text(row, 1), text(row, 2)));
      }
      List<WorksheetInput.RawStudent> named = new ArrayList<>();
      for (int i = 1; i <= students.getLastRowNum(); i++) {
        Row row = students.getRow(i);
        named.add(
            new WorksheetInput.RawStudent(
                i + 1, text(row, 0), text(row, 1), text(row, 2), text(row, 3)));
      }
      return new Read(new WorksheetInput.Raw(gpaType, teachers, courses, rows, named), problems);
    } catch (IOException | RuntimeException e) {
      // POI reports a file that is not a workbook in several ways (not a zip, not Office XML, an
      // old .xls, a damaged part); to the person uploading they are all the same problem.
      return new Read(
          null,
          List.of(
              new InputProblem(
                  true,
                  null,
                  0,
                  null,
                  null,
                  "The file is not an Excel workbook (.xlsx) the hub can read. Download the"
                      + " template from this page, fill it in, save it as an Excel Workbook"
                      + " (.xlsx) and upload it again.")));
    }
  }

  private static List<String> instructions(String districtName) {
    return List.of(
        "Data Validation Worksheet for " + districtName,
        "State what your district's data should look like. Pathways compares it with the data your"
            + " SIS sends, line by line, and your district is approved for training when every line"
            + " matches.",
        "Totals: the number of active teachers, the number of courses in your course crosswalk,"
            + " and which GPA (WEIGHTED or UNWEIGHTED) the named students' GPA is. Leave a value"
            + " blank to skip it.",
        "Students per campus: one row per campus and grade level: the campus id exactly as your"
            + " SIS sends it (Texas: 9 digits, Indiana: 4 digits), the grade level (PK, KG, 01 to"
            + " 12) and the number of active students.",
        "Named students: up to 10 students you know well: their local student id, and any of their"
            + " grade level, credits earned (final grades only) and GPA.",
        "Counts match within 2 or 2 %, whichever is more; credits within 0.5; GPA within 0.01;"
            + " the grade level must be the same.",
        "Keep the sheet names and the header rows as they are. Ids are text: type them with their"
            + " leading zeros. Blank rows are ignored.",
        "Upload the file on the Worksheet page. A file with a problem is refused as a whole, with"
            + " the sheet, row and column of every problem; nothing is saved until all are fixed.",
        "Saving a changed worksheet withdraws an approval for training already given.");
  }

  private static void header(Sheet sheet, String[] names, CellStyle bold) {
    Row row = sheet.createRow(0);
    for (int i = 0; i < names.length; i++) {
      Cell c = row.createCell(i);
      c.setCellValue(names[i]);
      c.setCellStyle(bold);
    }
    sheet.createFreezePane(0, 1);
  }

  private static void totalRow(Sheet sheet, int r, String item, String value, String help) {
    Row row = sheet.createRow(r);
    row.createCell(0).setCellValue(item);
    if (value != null) {
      row.createCell(1).setCellValue(value);
    }
    row.createCell(2).setCellValue(help);
  }

  /** Formats the id columns as text for the rows a district will fill. */
  private static void textColumns(Sheet sheet, int columns, CellStyle text) {
    for (int c = 0; c < columns; c++) {
      sheet.setDefaultColumnStyle(c, text);
    }
    for (int r = 1; r <= TEXT_ROWS; r++) {
      row(sheet, r);
    }
  }

  private static Row row(Sheet sheet, int r) {
    Row row = sheet.getRow(r);
    if (row == null) {
      row = sheet.createRow(r);
      CellStyle text = sheet.getColumnStyle(0);
      row.createCell(0).setCellStyle(text);
      row.createCell(1).setCellStyle(text);
    }
    return row;
  }

  private static void widths(Sheet sheet, int columns) {
    for (int c = 0; c < columns; c++) {
      sheet.setColumnWidth(c, 20 * 256);
    }
  }

  private static Sheet sheet(Workbook wb, String name, List<InputProblem> problems) {
    Sheet s = wb.getSheet(name);
    if (s == null) {
      problems.add(
          new InputProblem(
              true,
              name,
              0,
              null,
              null,
              "This sheet is missing: keep the template's sheets and their names (download the"
                  + " template again if needed)."));
    }
    return s;
  }

  private static void checkHeader(
      Sheet sheet, String[] names, int checked, List<InputProblem> problems) {
    Row row = sheet.getRow(0);
    for (int i = 0; i < checked; i++) {
      String found = text(row, i);
      if (!found.equalsIgnoreCase(names[i])) {
        problems.add(
            new InputProblem(
                true,
                sheet.getSheetName(),
                1,
                CellReference.convertNumToColString(i),
                found,
                "The header of this column must be '"
                    + names[i]
                    + "': keep the template's header row and column order as they are."));
      }
    }
  }

  /** A cell as the text a person typed, whatever Excel made of it (numbers, formulas). */
  static String text(Row row, int column) {
    if (row == null) {
      return "";
    }
    Cell cell = row.getCell(column);
    if (cell == null) {
      return "";
    }
    CellType type = cell.getCellType();
    if (type == CellType.FORMULA) {
      type = cell.getCachedFormulaResultType();
    }
    return switch (type) {
      case STRING -> cell.getRichStringCellValue().getString().strip();
      case NUMERIC -> {
        BigDecimal d = BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros();
        yield (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
      }
      case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
      case ERROR -> new DataFormatter(Locale.US).formatCellValue(cell);
      default -> "";
    };
  }
}
