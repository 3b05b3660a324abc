package org.pathways.hub.validate;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.State;
import org.pathways.hub.parse.CanonicalRow;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;

/**
 * Checks one canonical row against the Standard Layout and the state's rules, and normalises it in
 * place to the stored form: ISO dates, {@code t}/{@code f} flags, end-year school years, two-digit
 * grade levels, upper-case codes. Identifiers are never changed: a value that looks like it lost
 * its leading zeros is reported, not padded.
 */
public final class RowValidator {

  /**
   * The version of what a line becomes and raises: this class's rules, the parser's mapping and the
   * profiles' transforms. Raised with any change to them, so that a line a district sent before is
   * read again instead of being recognised by its text (pipeline.LineSeed).
   */
  public static final int RULES = 1;

  private static final DateTimeFormatter US_DATE =
      DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

  private final FileSpec spec;
  private final DataSet ds;
  private final State state;
  private final ReferenceCodes refs;
  private final List<DateTimeFormatter> extraDates = new ArrayList<>();
  private final String[] columnName;
  private final Field[] fields;
  private final int creditsAttempted;
  private final int creditsEarned;
  private final int letter;
  private final int numeric;
  private final int gpaValue;
  private final int gpaScale;
  private final int rank;
  private final int size;
  private final int entry;
  private final int withdrawal;
  private final int[] scopeField;
  private final String[] scopeValue;

  public RowValidator(FileSpec spec, State state, List<String> dateFormats, ReferenceCodes refs) {
    this.spec = spec;
    this.ds = spec.dataSet();
    this.state = state;
    this.refs = refs;
    for (String f : dateFormats) {
      extraDates.add(
          DateTimeFormatter.ofPattern(f.replace('y', 'u'), Locale.ROOT)
              .withResolverStyle(ResolverStyle.STRICT));
    }
    fields = ds.fields().toArray(new Field[0]);
    columnName = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      columnName[i] =
          spec.columnFor(fields[i].name()).map(ColumnSpec::column).orElse(fields[i].name());
    }
    creditsAttempted = ds.indexOf("credits_attempted");
    creditsEarned = ds.indexOf("credits_earned");
    letter = ds.indexOf("letter_grade");
    numeric = ds.indexOf("numeric_grade");
    gpaValue = ds.indexOf("gpa_value");
    gpaScale = ds.indexOf("gpa_scale");
    rank = ds.indexOf("class_rank");
    size = ds.indexOf("class_size");
    entry = ds.indexOf("entry_date");
    withdrawal = ds.indexOf("withdrawal_date");
    scopeField = new int[spec.scope().size()];
    scopeValue = new String[spec.scope().size()];
    int s = 0;
    for (Map.Entry<String, String> e : spec.scope().entrySet()) {
      scopeField[s] = ds.indexOf(e.getKey());
      scopeValue[s++] = e.getValue();
    }
  }

  /** The file's column name for a canonical field, for messages. */
  public String columnName(int field) {
    return columnName[field];
  }

  /** Validates and normalises {@code row}; errors and warnings go to {@code issues}. */
  public void validate(CanonicalRow row, Issues issues) {
    long line = row.line();
    for (int f = 0; f < fields.length; f++) {
      Field field = fields[f];
      String v = row.get(f);
      if (v == null) {
        if (field.defaultValue() != null) {
          v = field.defaultValue();
        } else {
          if (field.required()) {
            issues.add(
                IssueCode.REQUIRED_VALUE_MISSING,
                line,
                columnName[f],
                null,
                "Line "
                    + line
                    + ": "
                    + columnName[f]
                    + " is required and is empty. Fill it in the SIS for this record.");
          }
          continue;
        }
      }
      row.set(f, normalize(field, f, v, line, issues));
    }
    checkRow(row, issues);
  }

  private String normalize(Field field, int f, String v, long line, Issues issues) {
    return switch (field.type()) {
      case TEXT -> field.key() ? keyText(field, v) : v;
      case ID -> checkId(field, f, v, line, issues);
      case CODE -> code(field, f, v, line, issues);
      case LIST -> list(field, f, v, line, issues);
      case DATE -> date(f, v, line, issues);
      case DECIMAL -> decimal(f, v, line, issues);
      case INTEGER -> integer(f, v, line, issues);
      case FLAG -> flag(f, v, line, issues);
      case SCHOOL_YEAR -> schoolYear(f, v, line, issues);
    };
  }

  private static String keyText(Field field, String v) {
    // E-mail addresses identify users; they compare without case.
    return "email".equals(field.name()) ? v.toLowerCase(Locale.ROOT) : v;
  }

  private String checkId(Field field, int f, String v, long line, Issues issues) {
    switch (field.name()) {
      case "state_student_id" -> {
        int want = state == State.TX ? 10 : 9;
        String what =
            state == State.TX ? "a 10-digit TSDS Unique ID" : "a 9-digit Student Test Number (STN)";
        if (digits(v) && v.length() < want) {
          issues.add(
              IssueCode.LEADING_ZEROS_LOST,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": "
                  + columnName[f]
                  + " '"
                  + v
                  + "' has "
                  + v.length()
                  + " digits but should be "
                  + what
                  + "; it probably lost its leading zeros in a spreadsheet. Export it as text.");
        } else if (!digits(v) || v.length() != want) {
          issues.add(
              IssueCode.INVALID_STATE_STUDENT_ID,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": "
                  + columnName[f]
                  + " '"
                  + v
                  + "' is not "
                  + what
                  + ". Correct it in the SIS.");
        }
      }
      case "campus_id" -> {
        int want = state == State.TX ? 9 : 4;
        String what =
            state == State.TX
                ? "a 9-digit Texas campus id (county-district number and campus number)"
                : "a 4-digit Indiana school number";
        checkDigits(f, v, line, issues, want, what, IssueCode.INVALID_CAMPUS_ID);
      }
      case "state_course_code" -> {
        if (state == State.TX) {
          if (!serviceId(v)) {
            issues.add(
                IssueCode.INVALID_COURSE_CODE,
                line,
                columnName[f],
                v,
                "Line "
                    + line
                    + ": "
                    + columnName[f]
                    + " '"
                    + v
                    + "' is not a PEIMS service id (8 letters and digits from code table C022, such as 03220100). Map the course to its state code in the SIS.");
          }
        } else {
          checkDigits(
              f,
              v,
              line,
              issues,
              4,
              "a 4-digit Indiana state course code",
              IssueCode.INVALID_COURSE_CODE);
        }
      }
      case "ibc_code" -> {
        if (digits(v) && v.length() < 3) {
          issues.add(
              IssueCode.LEADING_ZEROS_LOST,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": IBC code '"
                  + v
                  + "' has fewer than 3 digits; TEA codes such as 010 keep their leading zeros. Export it as text.");
        } else if (!digits(v) || v.length() > 4) {
          issues.add(
              IssueCode.INVALID_IBC_CODE,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": IBC code '"
                  + v
                  + "' is not a TEA industry-based certification code (3 or 4 digits). Use the code from TEA's IBC list.");
        } else if (state == State.TX && v.length() == 3 && !refs.ibcCodes().contains(v)) {
          issues.add(
              IssueCode.UNKNOWN_IBC_CODE,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": IBC code '"
                  + v
                  + "' is not on the TEA list the hub knows; check it against TEA's current IBC list.");
        }
      }
      case "vendor_code" -> {
        if (state == State.TX && !refs.ibcVendors().isEmpty() && !refs.ibcVendors().contains(v)) {
          issues.add(
              IssueCode.UNKNOWN_CODE_VALUE,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": IBC vendor code '"
                  + v
                  + "' is not on TEA's vendor list; check it.");
        }
      }
      case "program_of_study" -> {
        if (state == State.TX && !refs.programsOfStudy().contains(v)) {
          issues.add(
              IssueCode.UNKNOWN_CODE_VALUE,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": program of study '"
                  + v
                  + "' is not a TEA program of study code; check it.");
        }
      }
      default -> {
        // local identifiers have no shape to check
      }
    }
    return v;
  }

  private void checkDigits(
      int f, String v, long line, Issues issues, int want, String what, IssueCode invalid) {
    if (digits(v) && v.length() == want) {
      return;
    }
    if (digits(v) && v.length() < want) {
      issues.add(
          IssueCode.LEADING_ZEROS_LOST,
          line,
          columnName[f],
          v,
          "Line "
              + line
              + ": "
              + columnName[f]
              + " '"
              + v
              + "' should be "
              + what
              + "; it probably lost its leading zeros in a spreadsheet. Export it as text.");
      return;
    }
    issues.add(
        invalid,
        line,
        columnName[f],
        v,
        "Line "
            + line
            + ": "
            + columnName[f]
            + " '"
            + v
            + "' is not "
            + what
            + ". Correct it in the SIS.");
  }

  private String code(Field field, int f, String v, long line, Issues issues) {
    String c = v.toUpperCase(Locale.ROOT);
    switch (field.name()) {
      case "grade_level", "grade_level_taken", "grade_low", "grade_high" -> c = gradeLevel(c);
      case "gpa_scale" -> c = c.endsWith(".0") ? c.substring(0, c.length() - 2) : c;
      case "course_attempt_result" -> {
        if (c.length() == 1 && Character.isDigit(c.charAt(0))) {
          c = "0" + c;
        }
        if (state == State.TX
            && !refs.courseAttemptResults().isEmpty()
            && !refs.courseAttemptResults().contains(c)) {
          issues.add(
              IssueCode.UNKNOWN_CODE_VALUE,
              line,
              columnName[f],
              v,
              "Line "
                  + line
                  + ": course attempt result '"
                  + v
                  + "' is not a TEA C136 code (01 to 14); check it.");
        }
        return c;
      }
      default -> {
        // other codes are compared as upper-case text
      }
    }
    if (!field.codes().isEmpty() && !field.codes().contains(c)) {
      issues.add(
          IssueCode.INVALID_CODE,
          line,
          columnName[f],
          v,
          "Line "
              + line
              + ": "
              + columnName[f]
              + " '"
              + v
              + "' is not one of "
              + String.join(", ", sorted(field))
              + ". Correct the value or the export's code mapping.");
    }
    return c;
  }

  private static List<String> sorted(Field field) {
    return field.codes().stream().sorted().toList();
  }

  private static String gradeLevel(String c) {
    return switch (c) {
      case "K", "KN", "00", "0" -> "KG";
      case "P", "PRE-K", "PREK" -> "PK";
      default -> c.length() == 1 && Character.isDigit(c.charAt(0)) ? "0" + c : c;
    };
  }

  private String list(Field field, int f, String v, long line, Issues issues) {
    StringBuilder out = new StringBuilder();
    for (String part : v.split(";", -1)) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (!field.codes().isEmpty() && !field.codes().contains(p)) {
        issues.add(
            IssueCode.INVALID_CODE,
            line,
            columnName[f],
            v,
            "Line "
                + line
                + ": "
                + columnName[f]
                + " holds '"
                + part.trim()
                + "', which is not one of "
                + String.join(", ", sorted(field))
                + ". Separate values with ';'.");
      }
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(field.codes().isEmpty() ? part.trim() : p);
    }
    return out.toString();
  }

  private String date(int f, String v, long line, Issues issues) {
    LocalDate d = parseDate(v);
    if (d == null || d.getYear() < 1900 || d.getYear() > 2100) {
      issues.add(
          IssueCode.INVALID_DATE,
          line,
          columnName[f],
          v,
          "Line "
              + line
              + ": "
              + columnName[f]
              + " '"
              + v
              + "' is not a real date"
              + " (write YYYY-MM-DD or MM/DD/YYYY). Correct it in the SIS.");
      return v;
    }
    return d.toString();
  }

  private LocalDate parseDate(String v) {
    try {
      if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
        return LocalDate.of(
            Integer.parseInt(v, 0, 4, 10),
            Integer.parseInt(v, 5, 7, 10),
            Integer.parseInt(v, 8, 10, 10));
      }
      if (v.indexOf('/') > 0) {
        return LocalDate.parse(v, US_DATE);
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
    for (DateTimeFormatter fmt : extraDates) {
      try {
        return LocalDate.parse(v, fmt);
      } catch (DateTimeParseException e) {
        // try the next pattern
      }
    }
    return null;
  }

  private String decimal(int f, String v, long line, Issues issues) {
    if (plainDecimal(v)) {
      // Nearly every value already reads as its plain form: no BigDecimal is made to say so.
      return v;
    }
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() < 0) {
        issues.add(
            IssueCode.INVALID_NUMBER,
            line,
            columnName[f],
            v,
            "Line "
                + line
                + ": "
                + columnName[f]
                + " '"
                + v
                + "' is negative; it must be zero or more.");
      }
      return d.toPlainString();
    } catch (NumberFormatException e) {
      issues.add(
          IssueCode.INVALID_NUMBER,
          line,
          columnName[f],
          v,
          "Line "
              + line
              + ": "
              + columnName[f]
              + " '"
              + v
              + "' is not a number (write it like 0.5 or 3.75, without units or commas).");
      return v;
    }
  }

  private String integer(int f, String v, long line, Issues issues) {
    try {
      return Integer.toString(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      issues.add(
          IssueCode.INVALID_NUMBER,
          line,
          columnName[f],
          v,
          "Line " + line + ": " + columnName[f] + " '" + v + "' is not a whole number.");
      return v;
    }
  }

  private String flag(int f, String v, long line, Issues issues) {
    switch (v.toUpperCase(Locale.ROOT)) {
      case "Y", "YES", "1", "TRUE", "T" -> {
        return "t";
      }
      case "N", "NO", "0", "FALSE", "F" -> {
        return "f";
      }
      default -> {
        issues.add(
            IssueCode.INVALID_FLAG,
            line,
            columnName[f],
            v,
            "Line "
                + line
                + ": "
                + columnName[f]
                + " '"
                + v
                + "' is not a yes/no flag (write Y or N).");
        return v;
      }
    }
  }

  private String schoolYear(int f, String v, long line, Issues issues) {
    String s = v.trim();
    int end = -1;
    if (s.length() == 4 && digits(s)) {
      end = Integer.parseInt(s);
    } else if (s.length() == 9
        && s.charAt(4) == '-'
        && digits(s.substring(0, 4))
        && digits(s.substring(5))) {
      int a = Integer.parseInt(s.substring(0, 4));
      int b = Integer.parseInt(s.substring(5));
      end = b == a + 1 ? b : -1;
    } else if (s.length() == 7
        && s.charAt(4) == '-'
        && digits(s.substring(0, 4))
        && digits(s.substring(5))) {
      int a = Integer.parseInt(s.substring(0, 4));
      int b = Integer.parseInt(s.substring(5));
      end = b == (a + 1) % 100 ? a + 1 : -1;
    }
    if (end < 1990 || end > 2100) {
      issues.add(
          IssueCode.INVALID_SCHOOL_YEAR,
          line,
          columnName[f],
          v,
          "Line "
              + line
              + ": "
              + columnName[f]
              + " '"
              + v
              + "' is not a school year; write the year it ends (2027 for 2026-27), or 2026-2027.");
      return v;
    }
    return Integer.toString(end);
  }

  private void checkRow(CanonicalRow row, Issues issues) {
    long line = row.line();
    for (int s = 0; s < scopeField.length; s++) {
      String v = row.get(scopeField[s]);
      if (v != null && !v.equals(scopeValue[s])) {
        issues.add(
            IssueCode.OUT_OF_SCOPE,
            line,
            columnName[scopeField[s]],
            v,
            "Line "
                + line
                + ": the "
                + spec.label()
                + " file may only hold rows with "
                + columnName[scopeField[s]]
                + " "
                + scopeValue[s]
                + "; send other rows in their own file.");
      }
    }
    if (ds == DataSet.GRADES) {
      if (row.get(letter) == null && row.get(numeric) == null) {
        issues.add(
            IssueCode.NO_GRADE_VALUE,
            line,
            columnName[letter],
            null,
            "Line "
                + line
                + ": the grade has neither "
                + columnName[letter]
                + " nor "
                + columnName[numeric]
                + "; send at least one.");
      }
      // Both were normalized above: a valid value is already its plain form, as shown.
      String attempted = row.get(creditsAttempted);
      String earned = row.get(creditsEarned);
      if (attempted != null && earned != null && above(earned, attempted)) {
        issues.add(
            IssueCode.CREDITS_EARNED_ABOVE_ATTEMPTED,
            line,
            columnName[creditsEarned],
            row.get(creditsEarned),
            "Line "
                + line
                + ": "
                + earned
                + " credits earned is more than the "
                + attempted
                + " attempted. Correct the credits in the SIS.");
      }
    }
    if (gpaValue >= 0) {
      BigDecimal value = number(row.get(gpaValue));
      BigDecimal scale = number(row.get(gpaScale));
      BigDecimal max = scale != null ? scale : BigDecimal.valueOf(100);
      if (value != null && (value.signum() < 0 || value.compareTo(max) > 0)) {
        issues.add(
            IssueCode.GPA_OUT_OF_SCALE,
            line,
            columnName[gpaValue],
            row.get(gpaValue),
            "Line "
                + line
                + ": GPA "
                + value.toPlainString()
                + " is outside its scale of 0 to "
                + max.toPlainString()
                + ". Check the GPA type and scale in the export.");
      }
    }
    if (rank >= 0 && size >= 0) {
      BigDecimal r = number(row.get(rank));
      BigDecimal s = number(row.get(size));
      if (r != null && s != null && r.compareTo(s) > 0) {
        issues.add(
            IssueCode.RANK_ABOVE_SIZE,
            line,
            columnName[rank],
            row.get(rank),
            "Line " + line + ": class rank " + r + " is larger than the class size " + s + ".");
      }
    }
    if (entry >= 0 && withdrawal >= 0) {
      String a = row.get(entry);
      String b = row.get(withdrawal);
      if (a != null && b != null && a.length() == 10 && b.length() == 10 && b.compareTo(a) < 0) {
        issues.add(
            IssueCode.DATES_OUT_OF_ORDER,
            line,
            columnName[withdrawal],
            b,
            "Line " + line + ": the withdrawal date " + b + " is before the entry date " + a + ".");
      }
    }
  }

  /**
   * Whether the decimal {@code a} is above {@code b}: compared digit by digit when both are plain
   * (nearly always), else as numbers; false when either is not one.
   */
  private static boolean above(String a, String b) {
    if (plainDecimal(a) && plainDecimal(b)) {
      return comparePlain(a, b) > 0;
    }
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    return x != null && y != null && x.compareTo(y) > 0;
  }

  /**
   * Whether {@code v} is a decimal in the plain form {@link BigDecimal#toPlainString} gives it:
   * digits with at most one point between digits, and no leading zero before another digit. Such a
   * value is not negative and is its own normal form.
   */
  static boolean plainDecimal(String v) {
    int n = v.length();
    if (n == 0 || (v.charAt(0) == '0' && n > 1 && v.charAt(1) != '.')) {
      return false;
    }
    int point = -1;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c == '.') {
        if (point >= 0 || i == 0 || i == n - 1) {
          return false;
        }
        point = i;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Compares two decimals in {@link #plainDecimal} form exactly, as their values. */
  static int comparePlain(String a, String b) {
    int ap = a.indexOf('.');
    int bp = b.indexOf('.');
    int aInt = ap < 0 ? a.length() : ap;
    int bInt = bp < 0 ? b.length() : bp;
    // No leading zeros: the longer whole part is the larger number.
    if (aInt != bInt) {
      return Integer.compare(aInt, bInt);
    }
    for (int i = 0; i < aInt; i++) {
      int c = Character.compare(a.charAt(i), b.charAt(i));
      if (c != 0) {
        return c;
      }
    }
    int aFrac = ap < 0 ? 0 : a.length() - ap - 1;
    int bFrac = bp < 0 ? 0 : b.length() - bp - 1;
    for (int i = 0; i < Math.max(aFrac, bFrac); i++) {
      char x = i < aFrac ? a.charAt(ap + 1 + i) : '0';
      char y = i < bFrac ? b.charAt(bp + 1 + i) : '0';
      if (x != y) {
        return Character.compare(x, y);
      }
    }
    return 0;
  }

  private static BigDecimal number(String v) {
    if (v == null) {
      return null;
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean digits(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean serviceId(String v) {
    if (v.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }
}
