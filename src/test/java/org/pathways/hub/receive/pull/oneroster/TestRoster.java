package org.pathways.hub.receive.pull.oneroster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small district's roster as a SIS's OneRoster side holds it, rendered as the REST binding's JSON
 * or as a CSV binding zip, in 1.1 or 1.2 shape.
 */
public final class TestRoster {

  record Org(String id, String name, String type, String identifier) {}

  record Person(
      String id,
      String identifier,
      String role,
      String given,
      String family,
      String preferred,
      String email,
      String grade,
      List<String> orgs,
      String birthDate,
      String sex,
      String status) {}

  record Course(
      String id,
      String code,
      String title,
      String yearId,
      List<String> subjectCodes,
      String credits) {}

  record Session(String id, String title, String type, String year) {}

  record Clazz(String id, String courseId, String schoolId) {}

  record Enrollment(String id, String classId, String userId, String schoolId, String role) {}

  final List<Org> orgs = new ArrayList<>();
  final List<Person> people = new ArrayList<>();
  final List<Course> courses = new ArrayList<>();
  final List<Session> sessions = new ArrayList<>();
  final List<Clazz> classes = new ArrayList<>();
  final List<Enrollment> enrollments = new ArrayList<>();

  /**
   * Two Texas high schools, {@code students} students, three teachers (one listed under the
   * district only, whose school comes from the class they teach) and four courses, one of them
   * listed for two school years.
   */
  public static TestRoster small(int students) {
    TestRoster r = new TestRoster();
    r.orgs.add(new Org("d1", "Test ISD", "district", "101912"));
    r.orgs.add(new Org("s1", "North High", "school", "101912001"));
    r.orgs.add(new Org("s2", "South High", "school", "101912002"));
    r.sessions.add(new Session("y26", "2025-26", "schoolYear", "2026"));
    r.sessions.add(new Session("y27", "2026-27", "schoolYear", "2027"));
    String[] grades = {"09", "10", "11", "12", "KG"};
    for (int i = 1; i <= students; i++) {
      r.people.add(
          new Person(
              "stu-" + i,
              String.format(java.util.Locale.ROOT, "%06d", i),
              "student",
              "Given" + i,
              "Family" + i,
              i % 3 == 0 ? "Pref" + i : "",
              "s" + i + "@test.example",
              grades[i % grades.length],
              List.of(i % 2 == 0 ? "s1" : "s2"),
              String.format(java.util.Locale.ROOT, "2009-%02d-%02d", 1 + i % 12, 1 + i % 28),
              i % 2 == 0 ? "female" : "male",
              "active"));
    }
    r.people.add(person("t-1", "T001", "teacher", List.of("s1")));
    r.people.add(person("t-2", "T002", "teacher", List.of("s2")));
    r.people.add(person("t-3", "T003", "teacher", List.of("d1")));
    r.courses.add(new Course("c-1", "ENG1", "English I", "y27", List.of("03220100"), "0.5"));
    r.courses.add(
        new Course("c-1old", "ENG1", "English 1 (old)", "y26", List.of("03220100"), "0.5"));
    r.courses.add(
        new Course("c-2", "ALG1", "Algebra I", "y27", List.of("02052", "03100500"), "0.5"));
    r.courses.add(new Course("c-3", "BIO", "Biology", "y27", List.of("03010200"), "0.5"));
    r.courses.add(new Course("c-4", "CHEM", "Chemistry", "y27", List.of("03040000"), "0.5"));
    r.classes.add(new Clazz("cl-1", "c-1", "s1"));
    r.classes.add(new Clazz("cl-2", "c-2", "s2"));
    r.enrollments.add(new Enrollment("e-1", "cl-2", "t-3", "s2", "teacher"));
    r.enrollments.add(new Enrollment("e-2", "cl-1", "t-1", "s1", "teacher"));
    r.enrollments.add(new Enrollment("e-3", "cl-1", "stu-1", "s1", "student"));
    return r;
  }

  private static Person person(String id, String identifier, String role, List<String> orgs) {
    return new Person(
        id,
        identifier,
        role,
        "Tgiven" + id,
        "Tfamily" + id,
        "",
        id + "@test.example",
        "",
        orgs,
        "",
        "",
        "active");
  }

  long count(String role) {
    return people.stream().filter(p -> p.role().equals(role)).count();
  }

  // ---- REST (JSON) ----

  /** The records of a collection as the REST binding's JSON objects. */
  List<Map<String, Object>> json(OneRoster.Version v, String collection) {
    List<Map<String, Object>> out = new ArrayList<>();
    switch (collection) {
      case "orgs" ->
          orgs.forEach(
              o ->
                  out.add(
                      map(
                          "sourcedId",
                          o.id(),
                          "status",
                          "active",
                          "name",
                          o.name(),
                          "type",
                          o.type(),
                          "identifier",
                          o.identifier())));
      case "academicSessions" ->
          sessions.forEach(
              s ->
                  out.add(
                      map(
                          "sourcedId",
                          s.id(),
                          "status",
                          "active",
                          "title",
                          s.title(),
                          "type",
                          s.type(),
                          "schoolYear",
                          s.year())));
      case "users", "students", "teachers" ->
          people.stream()
              .filter(p -> collection.equals("users") || collection.equals(p.role() + "s"))
              .forEach(p -> out.add(user(v, p)));
      case "demographics" ->
          people.stream()
              .filter(p -> !p.birthDate().isEmpty())
              .forEach(
                  p ->
                      out.add(
                          map(
                              "sourcedId",
                              p.id(),
                              "status",
                              "active",
                              "birthDate",
                              p.birthDate(),
                              "sex",
                              p.sex())));
      case "courses" ->
          courses.forEach(
              c -> {
                Map<String, Object> m =
                    map(
                        "sourcedId",
                        c.id(),
                        "status",
                        "active",
                        "title",
                        c.title(),
                        "courseCode",
                        c.code(),
                        "schoolYear",
                        ref(c.yearId(), "academicSession"),
                        "org",
                        ref("d1", "org"),
                        "grades",
                        List.of("09", "10"),
                        "subjects",
                        List.of("English"),
                        "subjectCodes",
                        c.subjectCodes());
                m.put("metadata", map("credits", c.credits()));
                out.add(m);
              });
      case "classes" ->
          classes.forEach(
              c ->
                  out.add(
                      map(
                          "sourcedId",
                          c.id(),
                          "status",
                          "active",
                          "title",
                          c.id(),
                          "course",
                          ref(c.courseId(), "course"),
                          "school",
                          ref(c.schoolId(), "org"))));
      case "enrollments" ->
          enrollments.forEach(
              e ->
                  out.add(
                      map(
                          "sourcedId",
                          e.id(),
                          "status",
                          "active",
                          "role",
                          e.role(),
                          "user",
                          ref(e.userId(), "user"),
                          "class",
                          ref(e.classId(), "class"),
                          "school",
                          ref(e.schoolId(), "org"))));
      default -> throw new IllegalArgumentException(collection);
    }
    return out;
  }

  private static Map<String, Object> user(OneRoster.Version v, Person p) {
    Map<String, Object> m =
        map(
            "sourcedId",
            p.id(),
            "status",
            p.status(),
            "enabledUser",
            "true",
            "username",
            p.email(),
            "givenName",
            p.given(),
            "familyName",
            p.family(),
            "middleName",
            "",
            "identifier",
            p.identifier(),
            "email",
            p.email());
    m.put("grades", p.grade().isEmpty() ? List.of() : List.of(p.grade()));
    if (v == OneRoster.Version.V1_1) {
      m.put("role", p.role());
      m.put("orgs", p.orgs().stream().map(o -> ref(o, "org")).toList());
    } else {
      m.put("preferredFirstName", p.preferred());
      m.put("userMasterIdentifier", "M" + p.id());
      List<Object> roles = new ArrayList<>();
      for (int i = 0; i < p.orgs().size(); i++) {
        roles.add(
            map(
                "roleType",
                i == 0 ? "primary" : "secondary",
                "role",
                p.role(),
                "org",
                ref(p.orgs().get(i), "org")));
      }
      m.put("roles", roles);
      m.put("primaryOrg", ref(p.orgs().get(0), "org"));
    }
    return m;
  }

  private static Map<String, Object> ref(String id, String type) {
    return map("href", "/" + type + "s/" + id, "sourcedId", id, "type", type);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---- CSV zip ----

  /** The roster as a OneRoster CSV binding zip of version {@code v}. */
  byte[] zip(OneRoster.Version v) throws IOException {
    Map<String, String> files = csvFiles(v);
    return zip(files);
  }

  static byte[] zip(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  /** The CSV files of the zip, by name, for tests that break one. */
  Map<String, String> csvFiles(OneRoster.Version v) {
    boolean v12 = v == OneRoster.Version.V1_2;
    Map<String, String> f = new LinkedHashMap<>();
    StringBuilder manifest = new StringBuilder("propertyName,value\n");
    manifest.append("manifest.version,1.0\n");
    manifest.append("oneroster.version,").append(v.label()).append('\n');
    for (String c :
        List.of(
            "academicSessions",
            "classes",
            "courses",
            "demographics",
            "enrollments",
            "orgs",
            "users")) {
      manifest.append("file.").append(c).append(",bulk\n");
    }
    if (v12) {
      manifest.append("file.roles,bulk\n");
    }
    manifest.append("source.systemName,Test SIS\n");
    f.put("manifest.csv", manifest.toString());
    StringBuilder o =
        new StringBuilder(
            "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n");
    orgs.forEach(x -> o.append(row(x.id(), "", "", x.name(), x.type(), x.identifier(), "")));
    f.put("orgs.csv", o.toString());
    StringBuilder s =
        new StringBuilder(
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n");
    sessions.forEach(x -> s.append(row(x.id(), "", "", x.title(), x.type(), "", "", "", x.year())));
    f.put("academicSessions.csv", s.toString());
    StringBuilder u = new StringBuilder();
    StringBuilder roles =
        new StringBuilder(
            "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n");
    if (v12) {
      u.append(
          "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\n");
    } else {
      u.append(
          "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n");
    }
    int n = 0;
    for (Person p : people) {
      if (v12) {
        u.append(
            row(
                p.id(),
                "",
                "",
                "true",
                p.email(),
                "",
                p.given(),
                p.family(),
                "",
                p.identifier(),
                p.email(),
                "",
                "",
                "",
                p.grade(),
                "",
                "M" + p.id(),
                "",
                p.preferred(),
                "",
                "",
                p.orgs().get(0),
                ""));
        for (int i = 0; i < p.orgs().size(); i++) {
          roles.append(
              row(
                  "r" + (++n),
                  "",
                  "",
                  p.id(),
                  i == 0 ? "primary" : "secondary",
                  p.role(),
                  "",
                  "",
                  p.orgs().get(i),
                  ""));
        }
      } else {
        u.append(
            row(
                p.id(),
                "",
                "",
                "true",
                String.join(",", p.orgs()),
                p.role(),
                p.email(),
                "",
                p.given(),
                p.family(),
                "",
                p.identifier(),
                p.email(),
                "",
                "",
                "",
                p.grade(),
                ""));
      }
    }
    f.put("users.csv", u.toString());
    if (v12) {
      f.put("roles.csv", roles.toString());
    }
    StringBuilder d =
        new StringBuilder(
            "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n");
    people.stream()
        .filter(p -> !p.birthDate().isEmpty())
        .forEach(
            p ->
                d.append(
                    row(
                        p.id(),
                        "",
                        "",
                        p.birthDate(),
                        p.sex(),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "")));
    f.put("demographics.csv", d.toString());
    StringBuilder c =
        new StringBuilder(
            "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes,metadata.credits\n");
    courses.forEach(
        x ->
            c.append(
                row(
                    x.id(),
                    "",
                    "",
                    x.yearId(),
                    x.title(),
                    x.code(),
                    "09,10",
                    "d1",
                    "English",
                    String.join(",", x.subjectCodes()),
                    x.credits())));
    f.put("courses.csv", c.toString());
    StringBuilder cl =
        new StringBuilder(
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n");
    classes.forEach(
        x ->
            cl.append(
                row(
                    x.id(),
                    "",
                    "",
                    x.id(),
                    "",
                    x.courseId(),
                    x.id(),
                    "scheduled",
                    "",
                    x.schoolId(),
                    "y27",
                    "",
                    "",
                    "")));
    f.put("classes.csv", cl.toString());
    StringBuilder e =
        new StringBuilder(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n");
    enrollments.forEach(
        x ->
            e.append(
                row(
                    x.id(),
                    "",
                    "",
                    x.classId(),
                    x.schoolId(),
                    x.userId(),
                    x.role(),
                    "true",
                    "",
                    "")));
    f.put("enrollments.csv", e.toString());
    return f;
  }

  private static String row(String... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = values[i];
      b.append(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
    }
    return b.append('\n').toString();
  }
}
