package org.pathways.hub.district;

import static org.pathways.hub.district.Field.key;
import static org.pathways.hub.district.Field.opt;
import static org.pathways.hub.district.Field.req;
import static org.pathways.hub.district.FieldType.CODE;
import static org.pathways.hub.district.FieldType.DATE;
import static org.pathways.hub.district.FieldType.DECIMAL;
import static org.pathways.hub.district.FieldType.FLAG;
import static org.pathways.hub.district.FieldType.ID;
import static org.pathways.hub.district.FieldType.INTEGER;
import static org.pathways.hub.district.FieldType.LIST;
import static org.pathways.hub.district.FieldType.SCHOOL_YEAR;
import static org.pathways.hub.district.FieldType.TEXT;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The eight canonical data sets of the Standard Layout, version 1, with their columns. The database
 * tables, the validator and every SIS profile are checked against this one definition.
 */
public enum DataSet {
  STUDENTS(
      "students",
      true,
      List.of(
          key("student_id", ID),
          opt("state_student_id", ID),
          req("first_name", TEXT),
          req("last_name", TEXT),
          opt("middle_name", TEXT),
          opt("preferred_first_name", TEXT),
          req("birth_date", DATE),
          opt("gender", CODE).codes("M", "F", "X"),
          req("grade_level", CODE).codes(Codes.GRADE_LEVELS),
          req("campus_id", ID),
          opt("campus_name", TEXT),
          opt("graduation_year", INTEGER),
          opt("graduation_plan", CODE)
              .codes(
                  "FHSP",
                  "FHSP-E",
                  "FHSP-DLA",
                  "CORE40",
                  "CORE40-AHD",
                  "CORE40-THD",
                  "GENERAL",
                  "IN-DIPLOMA"),
          opt("endorsements", LIST).codes("STEM", "BI", "PS", "AH", "MD"),
          opt("program_of_study", ID),
          opt("counselor_id", ID),
          opt("counselor_email", TEXT),
          opt("student_email", TEXT),
          req("enrollment_status", CODE).codes("A", "I", "W", "G"),
          opt("entry_date", DATE),
          opt("withdrawal_date", DATE),
          opt("sped", FLAG),
          opt("section_504", FLAG),
          opt("emergent_bilingual", FLAG),
          opt("gifted_talented", FLAG),
          opt("economically_disadvantaged", FLAG),
          opt("fafsa_status", CODE).codes("C", "O", "N"),
          opt("gpa_weighted", DECIMAL),
          opt("gpa_unweighted", DECIMAL),
          opt("class_rank", INTEGER),
          opt("class_size", INTEGER))),
  TEACHERS(
      "teachers",
      true,
      List.of(
          key("teacher_id", ID),
          opt("state_staff_id", ID),
          req("first_name", TEXT),
          req("last_name", TEXT),
          req("email", TEXT),
          req("campus_id", ID),
          opt("role", CODE).codes("TEACHER", "COUNSELOR", "ADMIN", "OTHER"),
          opt("active", FLAG).orElse("Y"))),
  USERS(
      "users",
      true,
      List.of(
          key("email", TEXT),
          req("first_name", TEXT),
          req("last_name", TEXT),
          req("role", CODE)
              .codes("COUNSELOR", "CAMPUS_ADMIN", "DISTRICT_ADMIN", "TEACHER", "REGISTRAR"),
          opt("campus_ids", LIST),
          opt("staff_id", ID))),
  COURSE_CROSSWALK(
      "course_crosswalk",
      true,
      List.of(
          key("local_course_id", ID),
          req("course_name", TEXT),
          req("state_course_code", ID),
          req("credits", DECIMAL),
          opt("subject_area", CODE)
              .codes(
                  "ENG",
                  "MATH",
                  "SCI",
                  "SS",
                  "LOTE",
                  "PE",
                  "FA",
                  "HEALTH",
                  "CTE",
                  "CS",
                  "SPEECH",
                  "ELECTIVE"),
          opt("course_level", CODE).codes("REG", "HON", "PREAP", "AP", "IB", "DC", "OTHER"),
          opt("grade_low", CODE).codes(Codes.GRADE_LEVELS),
          opt("grade_high", CODE).codes(Codes.GRADE_LEVELS),
          opt("terms", INTEGER),
          opt("endorsement", CODE).codes("STEM", "BI", "PS", "AH", "MD"),
          opt("active", FLAG).orElse("Y"))),
  GRADES(
      "grades",
      false,
      List.of(
          key("student_id", ID),
          key("school_year", SCHOOL_YEAR),
          key("term", CODE).codes(Codes.TERMS),
          key("local_course_id", ID),
          opt("section_id", ID).optionalKey(),
          req("campus_id", ID),
          opt("course_name", TEXT),
          opt("grade_level_taken", CODE).codes(Codes.GRADE_LEVELS),
          opt("letter_grade", TEXT),
          opt("numeric_grade", DECIMAL),
          req("credits_attempted", DECIMAL),
          req("credits_earned", DECIMAL),
          req("grade_status", CODE).codes("FINAL", "IN_PROGRESS"),
          opt("teacher_id", ID),
          opt("state_course_code", ID),
          opt("course_attempt_result", CODE),
          opt("dual_credit", FLAG),
          opt("transfer", FLAG))),
  GPA(
      "gpa",
      false,
      List.of(
          key("student_id", ID),
          key("gpa_type", TEXT),
          req("gpa_value", DECIMAL),
          opt("gpa_scale", CODE).codes("4", "5", "6", "100"),
          opt("class_rank", INTEGER),
          opt("class_size", INTEGER),
          opt("as_of_date", DATE))),
  IBC(
      "ibc",
      false,
      List.of(
          key("student_id", ID),
          key("ibc_code", ID),
          key("date_earned", DATE),
          opt("ibc_name", TEXT),
          opt("vendor_code", ID),
          opt("result", CODE).codes("PASS", "FAIL").orElse("PASS"),
          opt("school_year", SCHOOL_YEAR))),
  COURSE_REQUESTS(
      "course_requests",
      false,
      List.of(
          key("student_id", ID),
          key("school_year", SCHOOL_YEAR),
          key("local_course_id", ID),
          opt("request_type", CODE).codes("PRIMARY", "ALTERNATE").orElse("PRIMARY"),
          opt("priority", INTEGER),
          opt("campus_id", ID)));

  private final String id;
  private final boolean deactivates;
  private final List<Field> fields;

  DataSet(String id, boolean deactivates, List<Field> fields) {
    this.id = id;
    this.deactivates = deactivates;
    this.fields = List.copyOf(fields);
  }

  /** The name used in file names, profiles, commands and table names. */
  public String id() {
    return id;
  }

  /**
   * Whether a record missing from a new snapshot is kept but marked inactive (people, courses)
   * rather than removed (grades, GPA, IBC, requests).
   */
  public boolean deactivates() {
    return deactivates;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<Field> keyFields() {
    return fields.stream().filter(Field::key).toList();
  }

  public Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public int indexOf(String fieldName) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        return i;
      }
    }
    return -1;
  }

  public static Optional<DataSet> byId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> d.id.equals(wanted)).findFirst();
  }

  /**
   * The order in which data sets of one delivery are loaded, so references resolve: people and
   * courses before the grades, GPA, certifications and requests that name them. It is the order of
   * declaration, which this method makes a stated contract.
   */
  public int loadOrder() {
    return ordinal();
  }

  @Override
  public String toString() {
    return id;
  }

  private static final class Codes {
    static final String[] GRADE_LEVELS = {
      "PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
    };
    static final String[] TERMS = {
      "S1", "S2", "Q1", "Q2", "Q3", "Q4", "T1", "T2", "T3", "Y", "SUM"
    };
  }
}
