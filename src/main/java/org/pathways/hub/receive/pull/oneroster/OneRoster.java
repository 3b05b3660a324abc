package org.pathways.hub.receive.pull.oneroster;

import java.util.List;
import java.util.Locale;

/**
 * The parts of the OneRoster 1.1 and 1.2 rostering model the hub reads, the same whether they came
 * from the REST binding (JSON) or the CSV binding. Fields the hub has no use for are not kept.
 */
public final class OneRoster {

  private OneRoster() {}

  /** The OneRoster version a source speaks; the two differ in paths, roles and CSV columns. */
  public enum Version {
    V1_1("1.1", "/ims/oneroster/v1p1"),
    V1_2("1.2", "/ims/oneroster/rostering/v1p2");

    private final String label;
    private final String path;

    Version(String label, String path) {
      this.label = label;
      this.path = path;
    }

    public String label() {
      return label;
    }

    /** The REST path prefix of the rostering service. */
    public String path() {
      return path;
    }

    /** Reads {@code 1.1}, {@code 1.2}, {@code v1p1}, {@code 1.2.1} and the like. */
    public static Version parse(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT).replace("v", "").replace('p', '.');
      if (t.startsWith("1.1")) {
        return V1_1;
      }
      if (t.startsWith("1.2")) {
        return V1_2;
      }
      throw new IllegalArgumentException(
          "OneRoster version '" + text + "' is not one the hub reads (1.1 or 1.2)");
    }
  }

  /** A school, district or other organisation. */
  public record Org(String sourcedId, String name, String type, String identifier) {}

  /**
   * One role a user holds at an org. OneRoster 1.1 has one role per user (its orgs all share it);
   * 1.2 lists them, one marked primary.
   */
  public record Role(String role, String orgId, boolean primary) {}

  /** A person: student, teacher, administrator... */
  public record User(
      String sourcedId,
      String status,
      String identifier,
      String givenName,
      String familyName,
      String middleName,
      String preferredFirstName,
      String email,
      List<Role> roles,
      List<String> grades,
      List<String> orgIds,
      String primaryOrgId) {

    public User {
      roles = List.copyOf(roles);
      grades = List.copyOf(grades);
      orgIds = List.copyOf(orgIds);
    }

    public boolean hasRole(String role) {
      return roles.stream().anyMatch(r -> r.role().equalsIgnoreCase(role));
    }
  }

  /** The demographics of one user: OneRoster keeps birth dates here, keyed by the user's id. */
  public record Demographic(String sourcedId, String birthDate, String sex) {}

  /** A term, semester, grading period or school year. */
  public record Session(String sourcedId, String title, String type, String schoolYear) {}

  /** A course of the catalog. */
  public record Course(
      String sourcedId,
      String status,
      String title,
      String courseCode,
      String schoolYearId,
      String orgId,
      List<String> grades,
      List<String> subjects,
      List<String> subjectCodes,
      String credits) {

    public Course {
      grades = List.copyOf(grades);
      subjects = List.copyOf(subjects);
      subjectCodes = List.copyOf(subjectCodes);
    }
  }

  /** A class (section) of a course at a school. */
  public record Clazz(String sourcedId, String courseId, String schoolId) {}

  /** A user's place in a class. */
  public record Enrollment(String classId, String userId, String schoolId, String role) {}
}
