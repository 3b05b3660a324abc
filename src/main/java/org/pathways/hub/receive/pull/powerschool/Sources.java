package org.pathways.hub.receive.pull.powerschool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pathways.hub.district.DataSet;

/**
 * Where in PowerSchool each column of the PowerSchool profiles comes from: per file of a profile,
 * the query's core table, its tables, and per native column name the {@code TABLE.FIELD} it reads
 * and the SQL expression that returns it. Data, not logic: a column a profile gains needs a line
 * here, and a test fails until it has one.
 */
final class Sources {

  /**
   * One column: the PowerSchool field it reads, the SQL that returns it in the profile's format,
   * and the join that brings its table in (null for the query's base tables).
   */
  record Column(String field, String expression, String join) {
    Column {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(expression, "expression");
      if (!field.matches("[A-Z][A-Z0-9_]{0,29}\\.[A-Z][A-Z0-9_]{0,29}")) {
        throw new IllegalArgumentException("Not a TABLE.FIELD of PowerSchool: " + field);
      }
    }

    String table() {
      return field.substring(0, field.indexOf('.'));
    }

    String fieldName() {
      return field.substring(field.indexOf('.') + 1);
    }
  }

  /**
   * The shape of one query.
   *
   * @param coreTable PowerSchool's core table of the query
   * @param description what it returns, shown in PowerSchool
   * @param note a remark for the district's PowerSchool administrator, written as a comment, or
   *     null
   * @param from the base tables
   * @param joins joins by name, in the order they are written when a column needs them
   * @param tail the SQL after the joins (where, order by)
   * @param arguments the query's arguments, which {@code tail} reads
   * @param columns by native column name
   */
  record Shape(
      String coreTable,
      String description,
      String note,
      String from,
      Map<String, String> joins,
      String tail,
      List<PowerQueryArgument> arguments,
      Map<String, Column> columns) {
    Shape {
      joins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(joins));
      arguments = List.copyOf(arguments);
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  private static final String DATE = "to_char(%s, 'MM/DD/YYYY')";

  private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

  static {
    Map<String, Column> students = new LinkedHashMap<>();
    students.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    students.put(
        "state_studentnumber", col("STUDENTS.STATE_STUDENTNUMBER", "s.state_studentnumber"));
    students.put("last_name", col("STUDENTS.LAST_NAME", "s.last_name"));
    students.put("first_name", col("STUDENTS.FIRST_NAME", "s.first_name"));
    students.put("middle_name", col("STUDENTS.MIDDLE_NAME", "s.middle_name"));
    students.put("dob", col("STUDENTS.DOB", DATE.formatted("s.dob")));
    students.put("gender", col("STUDENTS.GENDER", "s.gender"));
    students.put("grade_level", col("STUDENTS.GRADE_LEVEL", "s.grade_level"));
    students.put("schoolid", col("STUDENTS.SCHOOLID", "s.schoolid"));
    students.put("school_name", col("SCHOOLS.NAME", "sch.name", "sch"));
    students.put(
        "sched_yearofgraduation",
        col("STUDENTS.SCHED_YEAROFGRADUATION", "s.sched_yearofgraduation"));
    // Texas: the graduation plan and endorsement are kept in the state reporting extension.
    students.put("graduation_plan", col("S_TX_STU_X.GRADUATION_PLAN", "tx.graduation_plan", "tx"));
    students.put(
        "endorsement_pursuing",
        col("S_TX_STU_X.ENDORSEMENT_PURSUING", "tx.endorsement_pursuing", "tx"));
    // Indiana: the expected diploma is kept in the state reporting extension.
    students.put(
        "expected_diploma", col("S_IN_STU_X.EXPECTED_DIPLOMA", "ind.expected_diploma", "ind"));
    // PowerSchool has no standard field for these two: districts keep them in the students'
    // default extension.
    students.put(
        "counselor_email", col("U_DEF_EXT_STUDENTS.COUNSELOR_EMAIL", "ext.counselor_email", "ext"));
    students.put(
        "student_email", col("U_DEF_EXT_STUDENTS.STUDENT_EMAIL", "ext.student_email", "ext"));
    students.put("enroll_status", col("STUDENTS.ENROLL_STATUS", "s.enroll_status"));
    students.put("entrydate", col("STUDENTS.ENTRYDATE", DATE.formatted("s.entrydate")));
    students.put("exitdate", col("STUDENTS.EXITDATE", DATE.formatted("s.exitdate")));
    students.put("lunchstatus", col("STUDENTS.LUNCHSTATUS", "s.lunchstatus"));
    shape(
        DataSet.STUDENTS,
        null,
        new Shape(
            "students",
            "Every student of the district, with the school they are enrolled in.",
            null,
            "students s",
            Map.of(
                "sch", "left join schools sch on sch.school_number = s.schoolid",
                "tx", "left join s_tx_stu_x tx on tx.studentsdcid = s.dcid",
                "ind", "left join s_in_stu_x ind on ind.studentsdcid = s.dcid",
                "ext", "left join u_def_ext_students ext on ext.studentsdcid = s.dcid"),
            "order by s.student_number",
            List.of(),
            students));

    Map<String, Column> teachers = new LinkedHashMap<>();
    teachers.put("teachernumber", col("USERS.TEACHERNUMBER", "u.teachernumber"));
    teachers.put("sif_stateprid", col("USERS.SIF_STATEPRID", "u.sif_stateprid"));
    teachers.put("first_name", col("USERS.FIRST_NAME", "u.first_name"));
    teachers.put("last_name", col("USERS.LAST_NAME", "u.last_name"));
    teachers.put("email_addr", col("USERS.EMAIL_ADDR", "u.email_addr"));
    teachers.put("schoolid", col("USERS.HOMESCHOOLID", "u.homeschoolid"));
    teachers.put("staffstatus", col("SCHOOLSTAFF.STAFFSTATUS", "ss.staffstatus"));
    teachers.put("status", col("SCHOOLSTAFF.STATUS", "ss.status"));
    shape(
        DataSet.TEACHERS,
        null,
        new Shape(
            "schoolstaff",
            "Every staff member with a teacher number, at their home school.",
            null,
            "users u\n  join schoolstaff ss on ss.users_dcid = u.dcid and ss.schoolid = u.homeschoolid",
            Map.of(),
            "where u.teachernumber is not null\norder by u.teachernumber",
            List.of(),
            teachers));

    Map<String, Column> users = new LinkedHashMap<>();
    users.put("email_addr", col("USERS.EMAIL_ADDR", "u.email_addr"));
    users.put("first_name", col("USERS.FIRST_NAME", "u.first_name"));
    users.put("last_name", col("USERS.LAST_NAME", "u.last_name"));
    // The Pathways Role field the district adds to the staff page, in the users' default extension.
    users.put("pathways_role", col("U_DEF_EXT_USERS.PATHWAYS_ROLE", "ext.pathways_role", "ext"));
    // The school numbers a user may switch to, separated by semicolons: the schools they see.
    users.put("schoolaccess", col("USERS.CANCHANGESCHOOL", "u.canchangeschool"));
    users.put("teachernumber", col("USERS.TEACHERNUMBER", "u.teachernumber"));
    shape(
        DataSet.USERS,
        null,
        new Shape(
            "users",
            "Staff who sign in to Pathways: everyone with an e-mail address, with their Pathways"
                + " role and schools.",
            null,
            "users u",
            Map.of("ext", "left join u_def_ext_users ext on ext.usersdcid = u.dcid"),
            "where u.email_addr is not null\norder by u.email_addr",
            List.of(),
            users));

    Map<String, Column> courses = new LinkedHashMap<>();
    courses.put("course_number", col("COURSES.COURSE_NUMBER", "c.course_number"));
    courses.put("course_name", col("COURSES.COURSE_NAME", "c.course_name"));
    courses.put("alt_course_number", col("COURSES.ALT_COURSE_NUMBER", "c.alt_course_number"));
    courses.put("credit_hours", col("COURSES.CREDIT_HOURS", "c.credit_hours"));
    courses.put("credittype", col("COURSES.CREDITTYPE", "c.credittype"));
    courses.put("gpa_addedvalue", col("COURSES.GPA_ADDEDVALUE", "c.gpa_addedvalue"));
    shape(
        DataSet.COURSE_CROSSWALK,
        null,
        new Shape(
            "courses",
            "The district's course catalog with each course's state course code.",
            null,
            "courses c",
            Map.of(),
            "order by c.course_number",
            List.of(),
            courses));

    Map<String, Column> stored = new LinkedHashMap<>();
    stored.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    stored.put("termid", col("STOREDGRADES.TERMID", "sg.termid"));
    stored.put("storecode", col("STOREDGRADES.STORECODE", "sg.storecode"));
    stored.put("course_number", col("STOREDGRADES.COURSE_NUMBER", "sg.course_number"));
    stored.put("sectionid", col("STOREDGRADES.SECTIONID", "sg.sectionid"));
    stored.put("schoolid", col("STOREDGRADES.SCHOOLID", "sg.schoolid"));
    stored.put("course_name", col("STOREDGRADES.COURSE_NAME", "sg.course_name"));
    stored.put("grade_level", col("STOREDGRADES.GRADE_LEVEL", "sg.grade_level"));
    stored.put("grade", col("STOREDGRADES.GRADE", "sg.grade"));
    stored.put("percent", col("STOREDGRADES.PERCENT", "sg.percent"));
    stored.put("potentialcrhrs", col("STOREDGRADES.POTENTIALCRHRS", "sg.potentialcrhrs"));
    stored.put("earnedcrhrs", col("STOREDGRADES.EARNEDCRHRS", "sg.earnedcrhrs"));
    stored.put("teacher_name", col("STOREDGRADES.TEACHER_NAME", "sg.teacher_name"));
    stored.put("excludefromgpa", col("STOREDGRADES.EXCLUDEFROMGPA", "sg.excludefromgpa"));
    shape(
        DataSet.GRADES,
        "history",
        new Shape(
            "storedgrades",
            "Stored grades: every student's transcript.",
            null,
            "storedgrades sg\n  join students s on s.id = sg.studentid",
            Map.of(),
            "where sg.termid >= :since_yearid * 100\norder by s.student_number, sg.termid,"
                + " sg.course_number, sg.storecode",
            List.of(
                new PowerQueryArgument(
                    "since_yearid",
                    "primitive",
                    false,
                    "0",
                    "Only grades stored for this PowerSchool year id and later (36 is 2026-27);"
                        + " the nightly pull sends none: the whole transcript.")),
            stored));

    Map<String, Column> current = new LinkedHashMap<>();
    current.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    current.put("termid", col("SECTIONS.TERMID", "sec.termid"));
    current.put("finalgradename", col("PGFINALGRADES.FINALGRADENAME", "pgf.finalgradename"));
    current.put("course_number", col("SECTIONS.COURSE_NUMBER", "sec.course_number"));
    current.put("sectionid", col("PGFINALGRADES.SECTIONID", "pgf.sectionid"));
    current.put("schoolid", col("SECTIONS.SCHOOLID", "sec.schoolid"));
    current.put("course_name", col("COURSES.COURSE_NAME", "c.course_name"));
    current.put("grade", col("PGFINALGRADES.GRADE", "pgf.grade"));
    current.put("percent", col("PGFINALGRADES.PERCENT", "pgf.percent"));
    current.put("credit_hours", col("COURSES.CREDIT_HOURS", "c.credit_hours"));
    current.put("teachernumber", col("USERS.TEACHERNUMBER", "u.teachernumber", "teacher"));
    shape(
        DataSet.GRADES,
        "current",
        new Shape(
            "pgfinalgrades",
            "The final grades so far of the terms in progress today.",
            null,
            "pgfinalgrades pgf\n  join students s on s.id = pgf.studentid\n"
                + "  join sections sec on sec.id = pgf.sectionid\n"
                + "  join courses c on c.course_number = sec.course_number\n"
                + "  join terms t on t.id = sec.termid and t.schoolid = sec.schoolid",
            Map.of(
                "teacher",
                "left join schoolstaff ss on ss.id = sec.teacher\n"
                    + "  left join users u on u.dcid = ss.users_dcid"),
            "where trunc(sysdate) between t.firstday and t.lastday\n  and pgf.grade is not null\n"
                + "order by s.student_number, sec.course_number, pgf.finalgradename",
            List.of(),
            current));

    Map<String, Column> rank = new LinkedHashMap<>();
    rank.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    rank.put("gpamethod", col("CLASSRANK.GPAMETHOD", "cr.gpamethod"));
    rank.put("gpa", col("CLASSRANK.GPA", "cr.gpa"));
    rank.put("rank", col("CLASSRANK.RANK", "cr.rank"));
    rank.put("outof", col("CLASSRANK.OUTOF", "cr.outof"));
    rank.put("dateranked", col("CLASSRANK.DATERANKED", DATE.formatted("cr.dateranked")));
    shape(
        DataSet.GPA,
        null,
        new Shape(
            "classrank",
            "Each student's GPA and class rank by the district's GPA methods.",
            null,
            "classrank cr\n  join students s on s.id = cr.studentid",
            Map.of(),
            "order by s.student_number, cr.gpamethod",
            List.of(),
            rank));

    // S_TX_STU_IBC is the extension table in which the district records industry-based
    // certifications (one row per certification a student earned); PowerSchool has none of its own.
    Map<String, Column> ibc = new LinkedHashMap<>();
    ibc.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    ibc.put("ibc_code", col("S_TX_STU_IBC.IBC_CODE", "ibc.ibc_code"));
    ibc.put("ibc_date_earned", col("S_TX_STU_IBC.DATE_EARNED", DATE.formatted("ibc.date_earned")));
    ibc.put("ibc_name", col("S_TX_STU_IBC.IBC_NAME", "ibc.ibc_name"));
    ibc.put("ibc_vendor_code", col("S_TX_STU_IBC.VENDOR_CODE", "ibc.vendor_code"));
    ibc.put("termid", col("S_TX_STU_IBC.TERMID", "ibc.termid"));
    shape(
        DataSet.IBC,
        null,
        new Shape(
            "s_tx_stu_ibc",
            "Industry-based certifications students earned, from the district's S_TX_STU_IBC"
                + " extension table.",
            "S_TX_STU_IBC is where the district records industry-based certifications, one row per"
                + " certification a student earned. A district that keeps them elsewhere has its"
                + " Pathways engineer change this query.",
            "s_tx_stu_ibc ibc\n  join students s on s.dcid = ibc.studentsdcid",
            Map.of(),
            "order by s.student_number, ibc.date_earned",
            List.of(),
            ibc));

    Map<String, Column> requests = new LinkedHashMap<>();
    requests.put("student_number", col("STUDENTS.STUDENT_NUMBER", "s.student_number"));
    // The year's full-year term id is its year id times 100, as the profile reads it.
    requests.put("termid", col("SCHEDULEREQUESTS.YEARID", "sr.yearid * 100"));
    requests.put("course_number", col("SCHEDULEREQUESTS.COURSENUMBER", "sr.coursenumber"));
    requests.put("alternate", col("SCHEDULEREQUESTS.ALTERNATE", "sr.alternate"));
    requests.put("schoolid", col("SCHEDULEREQUESTS.SCHOOLID", "sr.schoolid"));
    shape(
        DataSet.COURSE_REQUESTS,
        null,
        new Shape(
            "schedulerequests",
            "Course requests for the current school year and later.",
            null,
            "schedulerequests sr\n  join students s on s.id = sr.studentid",
            Map.of(),
            "where sr.yearid >= (select max(t.yearid) from terms t"
                + " where t.isyearrec = 1 and t.firstday <= trunc(sysdate))\n"
                + "order by s.student_number, sr.yearid, sr.coursenumber",
            List.of(),
            requests));
  }

  private Sources() {}

  /** The shape of the query for a file of a data set (and part), if the plugin knows one. */
  static Optional<Shape> of(DataSet dataSet, String part) {
    return Optional.ofNullable(SHAPES.get(key(dataSet, part)));
  }

  private static void shape(DataSet dataSet, String part, Shape shape) {
    for (Column c : shape.columns().values()) {
      if (c.join() != null && !shape.joins().containsKey(c.join())) {
        throw new IllegalStateException("No join '" + c.join() + "' for " + c.field());
      }
    }
    SHAPES.put(key(dataSet, part), shape);
  }

  private static String key(DataSet dataSet, String part) {
    return part == null ? dataSet.id() : dataSet.id() + "/" + part;
  }

  private static Column col(String field, String expression) {
    return new Column(field, expression, null);
  }

  private static Column col(String field, String expression, String join) {
    return new Column(field, expression, join);
  }
}
