package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Course;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Org;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Role;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Session;
import org.pathways.hub.receive.pull.oneroster.OneRoster.User;

/**
 * Turns a OneRoster data set into Standard Layout files (pipe-separated, with the standard column
 * names): students, teachers and the course crosswalk. Those files then go through the pipeline as
 * any district's files do, so a value OneRoster lacks (a student's birth date without demographics,
 * a course without credits) is reported by the validator with its file, line and column instead of
 * being guessed here.
 *
 * <p>Rows are written as the source hands them over. What is held in memory is what joins need: the
 * orgs and academic sessions (a few hundred), the birth dates and sex of the users (a map of a few
 * hundred thousand short strings for the largest districts, some tens of megabytes) and the
 * teachers that have no school of their own until the enrollments give them one.
 */
public final class OneRosterConverter {

  /** The Standard Layout files the converter writes, in load order. */
  public enum Output {
    STUDENTS(DataSet.STUDENTS, "students_oneroster.txt"),
    TEACHERS(DataSet.TEACHERS, "teachers_oneroster.txt"),
    COURSE_CROSSWALK(DataSet.COURSE_CROSSWALK, "course_crosswalk_oneroster.txt");

    private final DataSet dataSet;
    private final String fileName;

    Output(DataSet dataSet, String fileName) {
      this.dataSet = dataSet;
      this.fileName = fileName;
    }

    public DataSet dataSet() {
      return dataSet;
    }

    /**
     * A name the Standard Layout's profile recognises, which also says where the file came from.
     */
    public String fileName() {
      return fileName;
    }
  }

  static final List<String> STUDENT_COLUMNS =
      List.of(
          "student_id",
          "first_name",
          "last_name",
          "middle_name",
          "preferred_first_name",
          "birth_date",
          "gender",
          "grade_level",
          "campus_id",
          "campus_name",
          "student_email",
          "enrollment_status");
  static final List<String> TEACHER_COLUMNS =
      List.of("teacher_id", "first_name", "last_name", "email", "campus_id", "role", "active");
  static final List<String> COURSE_COLUMNS =
      List.of(
          "local_course_id",
          "course_name",
          "state_course_code",
          "credits",
          "grade_low",
          "grade_high",
          "active");

  // Texas PEIMS service ids are 8 letters and digits; Indiana state course codes are 4 digits. A
  // SCED code (5 digits, the national subject code most SISs put in subjectCodes) is neither.
  private static final Pattern TEXAS_CODE = Pattern.compile("[A-Z0-9]{8}");
  private static final Pattern INDIANA_CODE = Pattern.compile("\\d{4}");
  private static final List<String> GRADE_ORDER =
      List.of("PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12");

  private final State state;
  private Map<String, Org> orgs;
  private Map<String, Session> sessions;
  private Map<String, String[]> demographics;

  /** A converter for one data set of a district in {@code state} (whose course codes it knows). */
  public OneRosterConverter(State state) {
    this.state = state;
  }

  /** Writes the students file; returns the rows written. */
  public long students(OneRosterSource source, Writer out) throws IOException {
    Map<String, Org> schools = orgs(source);
    Map<String, String[]> people = demographics(source);
    Rows rows = new Rows(out, STUDENT_COLUMNS);
    source.users(
        "student",
        u -> {
          String[] demo = people.get(u.sourcedId());
          Org school = schoolOf(u, schools);
          rows.write(
              idOf(u),
              u.givenName(),
              u.familyName(),
              u.middleName(),
              u.preferredFirstName(),
              demo == null ? "" : demo[0],
              demo == null ? "" : demo[1],
              u.grades().isEmpty() ? "" : grade(u.grades().get(0)),
              school == null ? "" : campusId(school),
              school == null ? "" : school.name(),
              u.email(),
              "tobedeleted".equalsIgnoreCase(u.status()) ? "I" : "A");
        });
    out.flush();
    return rows.count;
  }

  /**
   * Writes the teachers file; returns the rows written. A teacher with no school among their orgs
   * (1.1 often lists only the district) takes the school of the first class they teach.
   */
  public long teachers(OneRosterSource source, Writer out) throws IOException {
    Map<String, Org> schools = orgs(source);
    Rows rows = new Rows(out, TEACHER_COLUMNS);
    List<User> withoutSchool = new ArrayList<>();
    source.users(
        "teacher",
        u -> {
          Org school = schoolOf(u, schools);
          if (school == null) {
            withoutSchool.add(u);
          } else {
            writeTeacher(rows, u, campusId(school));
          }
        });
    if (!withoutSchool.isEmpty()) {
      Map<String, String> taughtAt = new HashMap<>();
      for (User u : withoutSchool) {
        taughtAt.put(u.sourcedId(), null);
      }
      source.enrollments(
          e -> {
            if ("teacher".equalsIgnoreCase(e.role())
                && taughtAt.containsKey(e.userId())
                && taughtAt.get(e.userId()) == null
                && e.schoolId() != null
                && !e.schoolId().isBlank()) {
              taughtAt.put(e.userId(), e.schoolId());
            }
          });
      for (User u : withoutSchool) {
        String schoolId = taughtAt.get(u.sourcedId());
        Org school = schoolId == null ? null : schools.get(schoolId);
        // An unknown school id is still passed on: the validator names it if it is not a campus.
        writeTeacher(rows, u, school != null ? campusId(school) : schoolId == null ? "" : schoolId);
      }
    }
    out.flush();
    return rows.count;
  }

  private static void writeTeacher(Rows rows, User u, String campusId) throws IOException {
    rows.write(
        idOf(u),
        u.givenName(),
        u.familyName(),
        u.email(),
        campusId,
        "TEACHER",
        "tobedeleted".equalsIgnoreCase(u.status()) ? "N" : "Y");
  }

  /**
   * Writes the course crosswalk; returns the rows written. OneRoster lists a course once per school
   * year (and often per school), while the crosswalk has one row per local course code: the one of
   * the latest school year is kept. A state course code is taken from the subject codes only when
   * it has the state's shape; credits only from the {@code metadata.credits} extension.
   */
  public long courses(OneRosterSource source, Writer out) throws IOException {
    Map<String, Session> years = sessions(source);
    Map<String, Course> latest = new java.util.LinkedHashMap<>();
    source.courses(
        c -> {
          String id = blank(c.courseCode()) ? c.sourcedId() : c.courseCode();
          Course before = latest.get(id);
          if (before == null || yearOf(c, years).compareTo(yearOf(before, years)) > 0) {
            latest.put(id, c);
          }
        });
    Rows rows = new Rows(out, COURSE_COLUMNS);
    for (Map.Entry<String, Course> e : latest.entrySet()) {
      Course c = e.getValue();
      List<String> grades = new ArrayList<>();
      for (String g : c.grades()) {
        String mapped = grade(g);
        if (GRADE_ORDER.contains(mapped)) {
          grades.add(mapped);
        }
      }
      grades.sort(java.util.Comparator.comparingInt(GRADE_ORDER::indexOf));
      rows.write(
          e.getKey(),
          c.title(),
          stateCode(c),
          c.credits(),
          grades.isEmpty() ? "" : grades.get(0),
          grades.isEmpty() ? "" : grades.get(grades.size() - 1),
          "tobedeleted".equalsIgnoreCase(c.status()) ? "N" : "Y");
    }
    out.flush();
    return rows.count;
  }

  private String stateCode(Course c) {
    Pattern shape = state == State.TX ? TEXAS_CODE : INDIANA_CODE;
    for (String code : c.subjectCodes()) {
      String t = code.trim().toUpperCase(Locale.ROOT);
      if (shape.matcher(t).matches()) {
        return t;
      }
    }
    return "";
  }

  private static String yearOf(Course c, Map<String, Session> years) {
    Session s = c.schoolYearId() == null ? null : years.get(c.schoolYearId());
    return s == null || s.schoolYear() == null ? "" : s.schoolYear();
  }

  /** The local id: OneRoster's human-readable identifier (the SIS number), else its sourcedId. */
  static String idOf(User u) {
    return blank(u.identifier()) ? u.sourcedId() : u.identifier();
  }

  private static String campusId(Org school) {
    return blank(school.identifier()) ? school.sourcedId() : school.identifier();
  }

  /** The user's school: 1.2's primary org, the primary role's org, then the first school org. */
  private static Org schoolOf(User u, Map<String, Org> orgs) {
    List<String> candidates = new ArrayList<>();
    if (u.primaryOrgId() != null) {
      candidates.add(u.primaryOrgId());
    }
    u.roles().stream().filter(Role::primary).map(Role::orgId).forEach(candidates::add);
    u.roles().stream().map(Role::orgId).forEach(candidates::add);
    candidates.addAll(u.orgIds());
    for (String id : candidates) {
      Org o = id == null ? null : orgs.get(id);
      if (o != null && "school".equalsIgnoreCase(o.type())) {
        return o;
      }
    }
    return null;
  }

  /**
   * A OneRoster (CEDS) grade code as a Standard Layout grade level. Codes with no equivalent (13,
   * PS, UG, Other) pass through, so the validator reports them.
   */
  static String grade(String code) {
    String c = code.trim().toUpperCase(Locale.ROOT);
    return switch (c) {
      case "IT", "PR", "PK", "TK" -> "PK";
      case "KG", "K" -> "KG";
      default -> c.matches("\\d") ? "0" + c : c;
    };
  }

  private Map<String, Org> orgs(OneRosterSource source) throws IOException {
    if (orgs == null) {
      Map<String, Org> read = new HashMap<>();
      source.orgs(o -> read.put(o.sourcedId(), o));
      orgs = read;
    }
    return orgs;
  }

  private Map<String, Session> sessions(OneRosterSource source) throws IOException {
    if (sessions == null) {
      Map<String, Session> read = new HashMap<>();
      source.academicSessions(s -> read.put(s.sourcedId(), s));
      sessions = read;
    }
    return sessions;
  }

  private Map<String, String[]> demographics(OneRosterSource source) throws IOException {
    if (demographics == null) {
      Map<String, String[]> read = new HashMap<>();
      source.demographics(
          d -> read.put(d.sourcedId(), new String[] {nullToEmpty(d.birthDate()), sex(d.sex())}));
      demographics = read;
    }
    return demographics;
  }

  private static String sex(String sex) {
    if (sex == null) {
      return "";
    }
    return switch (sex.trim().toLowerCase(Locale.ROOT)) {
      case "male", "m" -> "M";
      case "female", "f" -> "F";
      case "other", "x" -> "X";
      default -> "";
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Pipe-separated rows under a header, quoted only where a value needs it. */
  private static final class Rows {
    private final Writer out;
    private final int width;
    private long count;

    Rows(Writer out, List<String> header) throws IOException {
      this.out = out;
      this.width = header.size();
      line(header.toArray(new String[0]));
    }

    void write(String... values) throws IOException {
      if (values.length != width) {
        throw new IllegalArgumentException(values.length + " values for " + width + " columns");
      }
      line(values);
      count++;
    }

    private void line(String[] values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write('|');
        }
        String v = values[i] == null ? "" : values[i];
        if (v.indexOf('|') >= 0
            || v.indexOf('"') >= 0
            || v.indexOf('\n') >= 0
            || v.indexOf('\r') >= 0) {
          out.write('"');
          out.write(v.replace("\"", "\"\""));
          out.write('"');
        } else {
          out.write(v);
        }
      }
      out.write('\n');
    }
  }
}
