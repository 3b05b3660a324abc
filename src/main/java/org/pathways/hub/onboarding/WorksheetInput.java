package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns what a person typed, in the page's form or in the spreadsheet template, into a {@link
 * Worksheet}, or into every problem found at once so one correction round is enough. Both ways in
 * share these rules; only the names of the places differ.
 */
public final class WorksheetInput {

  static final int MAX_ENROLLMENT_LINES = 1000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,29}");
  private static final Pattern GPA_TYPE = Pattern.compile("[A-Z0-9_]{1,30}");
  private static final BigDecimal MAX_CREDITS = new BigDecimal("200");
  private static final BigDecimal MAX_GPA = new BigDecimal("100");
  private static final int MAX_COUNT = 10_000_000;

  private WorksheetInput() {}

  /** How the places of a way in are named: the form's sections, or the workbook's sheets. */
  public enum Layout {
    FORM(
        false,
        "Totals",
        new String[] {"Active teachers", "Courses in the crosswalk", "GPA type"},
        "Students per campus and grade",
        new String[] {"Campus id", "Grade level", "Expected active students"},
        "Named students",
        new String[] {"Student id", "Grade level", "Credits earned", "GPA"}),
    XLSX(
        true,
        WorksheetXlsx.TOTALS,
        new String[] {"B (active_teachers)", "B (courses_in_crosswalk)", "B (gpa_type)"},
        WorksheetXlsx.ENROLLMENT,
        new String[] {"A (campus_id)", "B (grade_level)", "C (expected_students)"},
        WorksheetXlsx.STUDENTS,
        new String[] {"A (student_id)", "B (grade_level)", "C (credits_earned)", "D (gpa)"});

    final boolean spreadsheet;
    final String totals;
    final String[] totalColumns;
    final String enrollment;
    final String[] enrollmentColumns;
    final String students;
    final String[] studentColumns;

    Layout(
        boolean spreadsheet,
        String totals,
        String[] totalColumns,
        String enrollment,
        String[] enrollmentColumns,
        String students,
        String[] studentColumns) {
      this.spreadsheet = spreadsheet;
      this.totals = totals;
      this.totalColumns = totalColumns;
      this.enrollment = enrollment;
      this.enrollmentColumns = enrollmentColumns;
      this.students = students;
      this.studentColumns = studentColumns;
    }
  }

  /** A single value and the row it was on (0 for a form field). */
  public record RawValue(int row, String value) {
    public static RawValue of(String value) {
      return new RawValue(0, value);
    }
  }

  /** One campus and grade row as typed. */
  public record RawEnrollment(int row, String campusId, String gradeLevel, String expected) {
    boolean blank() {
      return isBlank(campusId) && isBlank(gradeLevel) && isBlank(expected);
    }
  }

  /** One named student row as typed. */
  public record RawStudent(
      int row, String studentId, String gradeLevel, String credits, String gpa) {
    boolean blank() {
      return isBlank(studentId) && isBlank(gradeLevel) && isBlank(credits) && isBlank(gpa);
    }
  }

  /** A whole worksheet as typed. Blank rows are allowed anywhere and ignored. */
  public record Raw(
      RawValue gpaType,
      RawValue teachers,
      RawValue courses,
      List<RawEnrollment> enrollment,
      List<RawStudent> students) {
    public Raw {
      enrollment = List.copyOf(enrollment);
      students = List.copyOf(students);
    }
  }

  /** The worksheet, when {@code problems} is empty; null otherwise. */
  public record Parsed(Worksheet worksheet, List<InputProblem> problems) {
    public Parsed {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Checks and converts everything, collecting every problem. */
  public static Parsed parse(Raw raw, Layout layout) {
    List<InputProblem> problems = new ArrayList<>();
    Checker c = new Checker(layout, problems);

    String gpaType = Worksheet.DEFAULT_GPA_TYPE;
    if (raw.gpaType() != null && !isBlank(raw.gpaType().value())) {
      String t = raw.gpaType().value().trim().toUpperCase(Locale.ROOT).replace(' ', '_');
      if (GPA_TYPE.matcher(t).matches()) {
        gpaType = t;
      } else {
        c.total(
            raw.gpaType(),
            2,
            "Name the GPA your expected values are, as your SIS calls it: WEIGHTED, UNWEIGHTED"
                + " or your own name (letters, digits, underscores).");
      }
    }
    Integer teachers = c.optionalCount(raw.teachers(), 0, "Active teachers");
    Integer courses = c.optionalCount(raw.courses(), 1, "Courses in the crosswalk");

    List<Worksheet.Enrollment> enrollment = new ArrayList<>();
    Map<String, Integer> enrollmentRows = new HashMap<>();
    for (RawEnrollment r : raw.enrollment()) {
      if (r.blank()) {
        continue;
      }
      if (enrollmentRows.size() >= MAX_ENROLLMENT_LINES) {
        c.enrollment(
            r.row(),
            -1,
            null,
            "At most "
                + MAX_ENROLLMENT_LINES
                + " campus and grade lines: remove this row and the ones after it.");
        break;
      }
      String campus = c.id(r.campusId(), layout.enrollment, r.row(), layout.enrollmentColumns[0]);
      String grade =
          c.grade(r.gradeLevel(), true, layout.enrollment, r.row(), layout.enrollmentColumns[1]);
      Integer expected =
          c.count(
              r.expected(),
              layout.enrollment,
              r.row(),
              layout.enrollmentColumns[2],
              "Expected active students");
      if (campus != null && grade != null) {
        Integer first = enrollmentRows.putIfAbsent(campus + "|" + grade, r.row());
        if (first != null) {
          c.enrollment(
              r.row(),
              0,
              campus,
              "Campus "
                  + campus
                  + ", grade "
                  + grade
                  + " is already on row "
                  + first
                  + ": keep one row per campus and grade level.");
          continue;
        }
      } else {
        enrollmentRows.put("?" + r.row(), r.row());
      }
      if (campus != null && grade != null && expected != null) {
        enrollment.add(new Worksheet.Enrollment(campus, grade, expected));
      }
    }

    List<Worksheet.NamedStudent> students = new ArrayList<>();
    Map<String, Integer> studentRows = new HashMap<>();
    int named = 0;
    for (RawStudent r : raw.students()) {
      if (r.blank()) {
        continue;
      }
      if (++named > Worksheet.MAX_NAMED_STUDENTS) {
        c.student(
            r.row(),
            -1,
            null,
            "At most "
                + Worksheet.MAX_NAMED_STUDENTS
                + " named students: remove this row and the ones after it.");
        break;
      }
      String id = c.id(r.studentId(), layout.students, r.row(), layout.studentColumns[0]);
      String grade =
          c.grade(r.gradeLevel(), false, layout.students, r.row(), layout.studentColumns[1]);
      BigDecimal credits =
          c.decimal(
              r.credits(),
              MAX_CREDITS,
              layout.students,
              r.row(),
              layout.studentColumns[2],
              "Credits earned must be a number of 0 to 200, such as 12.5, or blank.");
      BigDecimal gpa =
          c.decimal(
              r.gpa(),
              MAX_GPA,
              layout.students,
              r.row(),
              layout.studentColumns[3],
              "GPA must be a number of 0 to 100, such as 3.75 (or 92.5 on a 100 scale), or"
                  + " blank.");
      if (isBlank(r.gradeLevel()) && isBlank(r.credits()) && isBlank(r.gpa())) {
        c.student(
            r.row(),
            -1,
            null,
            "Give at least one of grade level, credits earned or GPA for this student, or clear"
                + " the row.");
        continue;
      }
      if (id != null) {
        Integer first = studentRows.putIfAbsent(id, r.row());
        if (first != null) {
          c.student(
              r.row(),
              0,
              id,
              "This student is already on row " + first + ": keep one row per student.");
          continue;
        }
      }
      if (id != null
          && (isBlank(r.gradeLevel()) || grade != null)
          && (isBlank(r.credits()) || credits != null)
          && (isBlank(r.gpa()) || gpa != null)) {
        students.add(new Worksheet.NamedStudent(id, grade, credits, gpa));
      }
    }
    if (!problems.isEmpty()) {
      return new Parsed(null, problems);
    }
    return new Parsed(new Worksheet(gpaType, teachers, courses, enrollment, students), problems);
  }

  /**
   * The grade levels of the Standard Layout, with the spellings it accepts (K, 1..12, PRE-K); null
   * when the value is none of them.
   */
  static String gradeLevel(String value) {
    String c = value.trim().toUpperCase(Locale.ROOT);
    String g =
        switch (c) {
          case "K", "KN", "00", "0" -> "KG";
          case "P", "PRE-K", "PREK" -> "PK";
          default -> c.length() == 1 && Character.isDigit(c.charAt(0)) ? "0" + c : c;
        };
    if (g.equals("PK") || g.equals("KG")) {
      return g;
    }
    if (g.length() == 2 && Character.isDigit(g.charAt(0)) && Character.isDigit(g.charAt(1))) {
      int n = Integer.parseInt(g);
      return n >= 1 && n <= 12 ? g : null;
    }
    return null;
  }

  /** Sorts grade levels as schools do: PK, KG, 01..12. */
  static int gradeOrder(String grade) {
    return switch (grade) {
      case "PK" -> -2;
      case "KG" -> -1;
      default -> {
        try {
          yield Integer.parseInt(grade);
        } catch (NumberFormatException e) {
          yield 99;
        }
      }
    };
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** Checks values and records each problem with its place. */
  private static final class Checker {
    private final Layout layout;
    private final List<InputProblem> problems;

    Checker(Layout layout, List<InputProblem> problems) {
      this.layout = layout;
      this.problems = problems;
    }

    void problem(String sheet, int row, String column, String value, String message) {
      problems.add(
          new InputProblem(
              layout.spreadsheet,
              sheet,
              row,
              column,
              value == null ? null : value.trim(),
              message));
    }

    void total(RawValue v, int column, String message) {
      problem(layout.totals, v.row(), layout.totalColumns[column], v.value(), message);
    }

    void enrollment(int row, int column, String value, String message) {
      problem(
          layout.enrollment,
          row,
          column < 0 ? null : layout.enrollmentColumns[column],
          value,
          message);
    }

    void student(int row, int column, String value, String message) {
      problem(
          layout.students, row, column < 0 ? null : layout.studentColumns[column], value, message);
    }

    Integer optionalCount(RawValue v, int column, String what) {
      if (v == null || isBlank(v.value())) {
        return null;
      }
      Integer n = wholeNumber(v.value());
      if (n == null) {
        total(v, column, what + " must be a whole number of 0 or more, such as 120, or blank.");
      }
      return n;
    }

    Integer count(String value, String sheet, int row, String column, String what) {
      if (isBlank(value)) {
        problem(
            sheet,
            row,
            column,
            null,
            what + " is missing: enter a whole number of 0 or more, or clear the row.");
        return null;
      }
      Integer n = wholeNumber(value);
      if (n == null) {
        problem(
            sheet, row, column, value, what + " must be a whole number of 0 or more, such as 120.");
      }
      return n;
    }

    String id(String value, String sheet, int row, String column) {
      if (isBlank(value)) {
        problem(
            sheet,
            row,
            column,
            null,
            "The id is missing: enter it exactly as your SIS sends it, or clear the row.");
        return null;
      }
      String v = value.trim();
      if (!ID.matcher(v).matches()) {
        problem(
            sheet,
            row,
            column,
            value,
            "An id is letters, digits, dots, dashes or underscores, at most 30, exactly as your SIS"
                + " sends it.");
        return null;
      }
      return v;
    }

    String grade(String value, boolean required, String sheet, int row, String column) {
      if (isBlank(value)) {
        if (required) {
          problem(
              sheet,
              row,
              column,
              null,
              "The grade level is missing: use PK, KG or 01 to 12, or clear the row.");
        }
        return null;
      }
      String g = gradeLevel(value);
      if (g == null) {
        problem(sheet, row, column, value, "Use a grade level of PK, KG or 01 to 12.");
      }
      return g;
    }

    BigDecimal decimal(
        String value, BigDecimal max, String sheet, int row, String column, String message) {
      if (isBlank(value)) {
        return null;
      }
      try {
        BigDecimal d = new BigDecimal(value.trim());
        if (d.signum() < 0 || d.compareTo(max) > 0 || d.scale() > 3) {
          problem(sheet, row, column, value, message);
          return null;
        }
        return d;
      } catch (NumberFormatException e) {
        problem(sheet, row, column, value, message);
        return null;
      }
    }

    private static Integer wholeNumber(String value) {
      String v = value.trim().replace(",", "");
      if (!v.matches("[0-9]{1,9}")) {
        return null;
      }
      int n = Integer.parseInt(v);
      return n <= MAX_COUNT ? n : null;
    }
  }
}
