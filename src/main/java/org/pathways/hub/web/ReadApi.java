package org.pathways.hub.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.pathways.hub.access.ServiceToken;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.History;
import org.pathways.hub.monitor.NightCalendar;
import org.pathways.hub.monitor.RowCounts;
import org.pathways.hub.serve.ChangeFeed;
import org.pathways.hub.serve.Cursor;
import org.pathways.hub.serve.FeedCursor;
import org.pathways.hub.serve.Graduation;
import org.pathways.hub.serve.GraduationProgress;
import org.pathways.hub.serve.LiveRecords;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The read API for Pathways and other consumers: districts, campuses, people, courses, each
 * student's transcript, GPA, certifications and course requests, as they are live, and each
 * district's nightly figures as the portal's nightly page shows them. The service token is the
 * principal (see {@code SecurityConfiguration}); a district it does not open answers 404, exactly
 * as a district that does not exist. Nothing here logs what it serves: it is student data.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ReadApi {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final DistrictRepository districts;
  private final LiveRecords records;
  private final History history;
  private final Graduation graduation;
  private final ChangeFeed changes;

  ReadApi(
      DistrictRepository districts,
      LiveRecords records,
      History history,
      Graduation graduation,
      ChangeFeed changes) {
    this.districts = districts;
    this.records = records;
    this.history = history;
    this.graduation = graduation;
    this.changes = changes;
  }

  /** A request the API refuses, with what to do instead. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @GetMapping("/districts")
  Map<String, Object> districts(@AuthenticationPrincipal ServiceToken token) {
    Map<String, List<LiveRecords.LastLoad>> loads = records.lastLoads();
    List<Map<String, Object>> items = new ArrayList<>();
    for (District d : districts.list()) {
      if (!token.mayRead(d.code())) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", d.code());
      m.put("name", d.name());
      m.put("state", d.state().name());
      m.put("sis_profile", d.profileId());
      List<Map<String, Object>> last = new ArrayList<>();
      for (LiveRecords.LastLoad l : loads.getOrDefault(d.code(), List.of())) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("data_set", l.dataSet().id());
        one.put("run_id", l.runId());
        one.put("loaded_at", l.loadedAt() == null ? null : l.loadedAt().toString());
        one.put("rows_read", l.rowsRead());
        last.add(one);
      }
      m.put("last_loads", last);
      items.add(m);
    }
    return Map.of("items", items);
  }

  @GetMapping("/districts/{code}/campuses")
  Map<String, Object> campuses(
      @AuthenticationPrincipal ServiceToken token, @PathVariable String code) {
    District d = district(token, code);
    List<Map<String, Object>> items = new ArrayList<>();
    for (LiveRecords.Campus c : records.campuses(d.code())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("campus_id", c.campusId());
      m.put("campus_name", c.name());
      m.put("students", c.students());
      m.put("teachers", c.teachers());
      items.add(m);
    }
    return Map.of("items", items);
  }

  @GetMapping("/districts/{code}/students")
  Map<String, Object> students(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(required = false) String campus,
      @RequestParam(name = "grade_level", required = false) String gradeLevel,
      @RequestParam(required = false) String status,
      @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    District d = district(token, code);
    Map<String, String> equal = new LinkedHashMap<>();
    if (campus != null && !campus.isBlank()) {
      equal.put("campus_id", campus.strip());
    }
    if (gradeLevel != null && !gradeLevel.isBlank()) {
      equal.put(
          "grade_level",
          code(DataSet.STUDENTS, "grade_level", "grade_level", gradeLevel(gradeLevel)));
    }
    if (status != null && !status.isBlank()) {
      equal.put("enrollment_status", code(DataSet.STUDENTS, "enrollment_status", "status", status));
    }
    return page(d, DataSet.STUDENTS, equal, includeInactive, limit, cursor);
  }

  @GetMapping("/districts/{code}/students/{id}")
  Map<String, Object> student(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    District d = district(token, code);
    return records.find(d.code(), DataSet.STUDENTS, id).orElseThrow(() -> noStudent(d));
  }

  @GetMapping("/districts/{code}/students/{id}/transcript")
  Map<String, Object> transcript(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    District d = district(token, code);
    requireStudent(d, id);
    return ofStudent(id, records.transcript(d.code(), id));
  }

  /**
   * The student's credits earned toward their graduation plan: per requirement (subject areas)
   * earned and still needed, the total, the courses the plan requires, and the courses whose
   * credits count nowhere because the crosswalk does not place them.
   */
  @GetMapping("/districts/{code}/students/{id}/graduation-progress")
  Map<String, Object> graduationProgress(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    District d = district(token, code);
    GraduationProgress p = graduation.progress(d, id).orElseThrow(() -> noStudent(d));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("student_id", p.studentId());
    out.put("graduation_plan", p.planCode());
    out.put("graduation_year", p.graduationYear());
    if (p.plan() == null) {
      out.put("plan", null);
    } else {
      Map<String, Object> plan = new LinkedHashMap<>();
      plan.put("id", p.plan().id());
      plan.put("name", p.plan().name());
      plan.put("state", p.plan().state().name());
      out.put("plan", plan);
    }
    out.put("note", p.note());
    List<Map<String, Object>> requirements = new ArrayList<>();
    for (GraduationProgress.RequirementProgress r : p.requirements()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("label", r.label());
      m.put("subject_areas", r.areas());
      m.put("required", r.required());
      m.put("earned", r.earned());
      m.put("needed", r.needed());
      requirements.add(m);
    }
    out.put("requirements", requirements);
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("required", p.credits().required());
    total.put("earned", p.credits().earned());
    total.put("needed", p.credits().needed());
    out.put("total", total);
    List<Map<String, Object>> courses = new ArrayList<>();
    for (GraduationProgress.CourseProgress c : p.courses()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("state_course_code", c.stateCourseCode());
      m.put("name", c.name());
      m.put("passed", c.passed());
      courses.add(m);
    }
    out.put("required_courses", courses);
    List<Map<String, Object>> nowhere = new ArrayList<>();
    for (GraduationProgress.CourseCredit c : p.countsNowhere()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("local_course_id", c.localCourseId());
      m.put("course_name", c.courseName());
      m.put("state_course_code", c.stateCourseCode());
      m.put("credits_earned", c.creditsEarned());
      m.put("reason", c.countsNowhereBecause());
      nowhere.add(m);
    }
    out.put("counts_nowhere", nowhere);
    out.put("complete", p.complete());
    return out;
  }

  @GetMapping("/districts/{code}/students/{id}/gpa")
  Map<String, Object> gpa(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    return studentSet(token, code, id, DataSet.GPA);
  }

  @GetMapping("/districts/{code}/students/{id}/ibc")
  Map<String, Object> ibc(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    return studentSet(token, code, id, DataSet.IBC);
  }

  @GetMapping("/districts/{code}/students/{id}/course-requests")
  Map<String, Object> courseRequests(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @PathVariable String id) {
    return studentSet(token, code, id, DataSet.COURSE_REQUESTS);
  }

  @GetMapping("/districts/{code}/teachers")
  Map<String, Object> teachers(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(required = false) String campus,
      @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    District d = district(token, code);
    Map<String, String> equal = new LinkedHashMap<>();
    if (campus != null && !campus.isBlank()) {
      equal.put("campus_id", campus.strip());
    }
    return page(d, DataSet.TEACHERS, equal, includeInactive, limit, cursor);
  }

  @GetMapping("/districts/{code}/users")
  Map<String, Object> users(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(district(token, code), DataSet.USERS, Map.of(), includeInactive, limit, cursor);
  }

  /** The course catalog: the district's crosswalk of local courses to state course codes. */
  @GetMapping("/districts/{code}/courses")
  Map<String, Object> courses(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return page(
        district(token, code), DataSet.COURSE_CROSSWALK, Map.of(), includeInactive, limit, cursor);
  }

  /**
   * What the district's loads changed since a cursor, in the order they were published: each added,
   * updated and deactivated record with its data set and run. Without {@code since} the feed starts
   * at the district's first change; {@code since=now} answers no changes and the cursor of the
   * present, for a consumer that has just read the full lists. Paged like the lists: pass {@code
   * next_cursor} back as {@code since}; an empty page keeps the cursor.
   */
  @GetMapping("/districts/{code}/changes")
  Map<String, Object> changes(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) Integer limit) {
    District d = district(token, code);
    int n = limit(limit);
    java.util.Optional<DataSet> only = java.util.Optional.empty();
    if (dataset != null && !dataset.isBlank()) {
      only = DataSet.byId(dataset.strip().toLowerCase(Locale.ROOT));
      if (only.isEmpty()) {
        throw new Refused(
            HttpStatus.BAD_REQUEST,
            "dataset must be one of "
                + String.join(
                    ", ", java.util.Arrays.stream(DataSet.values()).map(DataSet::id).toList())
                + ", or left out for all");
      }
    }
    ChangeFeed.Page page;
    if (since != null && since.strip().equalsIgnoreCase("now")) {
      page = new ChangeFeed.Page(List.of(), changes.now(d.code()));
    } else {
      FeedCursor after;
      try {
        after =
            since == null || since.isBlank()
                ? FeedCursor.start(d.code())
                : FeedCursor.decode(since.strip(), d.code());
      } catch (IllegalArgumentException e) {
        throw new Refused(HttpStatus.BAD_REQUEST, e.getMessage());
      }
      try {
        page = changes.after(d.code(), only, after, n);
      } catch (ChangeFeed.Expired e) {
        throw new Refused(HttpStatus.GONE, e.getMessage());
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (ChangeFeed.Item c : page.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("data_set", c.dataSet().id());
      m.put("run_id", c.runId());
      m.put("kind", c.kind().id());
      m.put("key", c.key());
      m.put("record", c.record());
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("next_cursor", page.next().encode());
    return out;
  }

  /**
   * The district's last nights, as the portal's nightly page shows them: per night, the state of
   * each expected data set (or part) and the rows its loaded files held.
   */
  @GetMapping("/districts/{code}/nights")
  Map<String, Object> nights(
      @AuthenticationPrincipal ServiceToken token,
      @PathVariable String code,
      @RequestParam(defaultValue = "" + History.NIGHTS) int days) {
    District d = district(token, code);
    if (days < 1 || days > History.MAX_NIGHTS) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          "days must be between 1 and "
              + History.MAX_NIGHTS
              + " (the nights to show, "
              + History.NIGHTS
              + " when left out), not "
              + days);
    }
    NightCalendar calendar = history.calendar(d, days);
    RowCounts counts = history.rowCounts(d, days);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("district", d.code());
    out.put("from", calendar.first().toString());
    out.put("to", calendar.last().toString());
    out.put(
        "watched_from", calendar.watchedFrom() == null ? null : calendar.watchedFrom().toString());
    List<Map<String, Object>> feeds = new ArrayList<>();
    for (NightCalendar.Row row : calendar.rows()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("feed", row.feed().id());
      f.put("label", row.feed().label());
      f.put("data_set", row.feed().dataSet().id());
      f.put("part", row.feed().part());
      feeds.add(f);
    }
    out.put("feeds", feeds);
    List<Map<String, Object>> nights = new ArrayList<>();
    List<LocalDate> shown = calendar.days();
    for (int i = 0; i < shown.size(); i++) {
      LocalDate night = shown.get(i);
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("night", night.toString());
      List<Map<String, Object>> states = new ArrayList<>();
      for (NightCalendar.Row row : calendar.rows()) {
        NightCalendar.Cell c = row.cells().get(i);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("feed", row.feed().id());
        s.put("state", c.kind());
        s.put("reason", c.reason());
        s.put("run_id", c.runId());
        s.put("judged_now", c.live());
        states.add(s);
      }
      n.put("feeds", states);
      List<Map<String, Object>> loads = new ArrayList<>();
      for (DataSet ds : counts.dataSets()) {
        counts
            .on(night, ds)
            .ifPresent(
                c -> {
                  Map<String, Object> l = new LinkedHashMap<>();
                  l.put("data_set", ds.id());
                  l.put("files", c.files());
                  l.put("rows_read", c.rowsRead());
                  l.put("added", c.added());
                  l.put("updated", c.updated());
                  l.put("unchanged", c.unchanged());
                  l.put("deactivated", c.deactivated());
                  loads.add(l);
                });
      }
      n.put("loads", loads);
      nights.add(n);
    }
    out.put("nights", nights);
    return out;
  }

  /** The API's own description, OpenAPI 3; public, as it holds no data. */
  @GetMapping("/openapi.json")
  ResponseEntity<byte[]> openApi() throws IOException {
    try (InputStream in = new ClassPathResource("api/openapi.json").getInputStream()) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(in.readAllBytes());
    }
  }

  @ExceptionHandler(Refused.class)
  ResponseEntity<Map<String, Object>> refused(Refused e) {
    return ResponseEntity.status(e.status).body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
    // The value is not echoed: it may be a student id, and the parameter names what to fix.
    String expected =
        e.getRequiredType() == boolean.class || e.getRequiredType() == Boolean.class
            ? "true or false"
            : "a whole number";
    return ResponseEntity.badRequest().body(Map.of("error", e.getName() + " must be " + expected));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return ResponseEntity.badRequest()
        .body(Map.of("error", "The parameter " + e.getParameterName() + " is required"));
  }

  private Map<String, Object> page(
      District d,
      DataSet ds,
      Map<String, String> equal,
      boolean includeInactive,
      Integer limit,
      String cursor) {
    int n = limit(limit);
    Cursor after;
    try {
      after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor.strip(), ds);
    } catch (IllegalArgumentException e) {
      throw new Refused(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    LiveRecords.Page page = records.page(d.code(), ds, equal, includeInactive, n, after);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items());
    out.put("next_cursor", page.nextCursor() == null ? null : page.nextCursor().encode());
    return out;
  }

  private static int limit(Integer limit) {
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          "limit must be between 1 and "
              + MAX_LIMIT
              + " ("
              + DEFAULT_LIMIT
              + " when left out), not "
              + n
              + "; page on with next_cursor");
    }
    return n;
  }

  private Map<String, Object> studentSet(ServiceToken token, String code, String id, DataSet ds) {
    District d = district(token, code);
    requireStudent(d, id);
    return ofStudent(id, records.ofStudent(d.code(), ds, id));
  }

  private static Map<String, Object> ofStudent(String id, List<Map<String, Object>> items) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("student_id", id);
    out.put("items", items);
    return out;
  }

  private void requireStudent(District d, String id) {
    if (!records.hasStudent(d.code(), id)) {
      throw noStudent(d);
    }
  }

  private static Refused noStudent(District d) {
    return new Refused(
        HttpStatus.NOT_FOUND,
        "District "
            + d.code()
            + " has no student with this id, active or not: the students list gives the ids");
  }

  /** The district, if the token opens it; otherwise 404, the same as for no such district. */
  private District district(ServiceToken token, String code) {
    if (token == null || !token.mayRead(code)) {
      throw noDistrict();
    }
    return districts.find(code).orElseThrow(ReadApi::noDistrict);
  }

  private static Refused noDistrict() {
    return new Refused(
        HttpStatus.NOT_FOUND,
        "No such district for this token: GET /api/v1/districts lists the ones it reads");
  }

  /** A grade level as people write it (9, K) in the layout's form (09, KG). */
  private static String gradeLevel(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.matches("\\d")) {
      return "0" + v;
    }
    return v.equals("K") ? "KG" : v;
  }

  private static String code(DataSet ds, String field, String parameter, String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    var codes = ds.field(field).orElseThrow().codes();
    if (!codes.contains(v)) {
      throw new Refused(
          HttpStatus.BAD_REQUEST,
          parameter
              + " must be one of "
              + String.join(", ", new TreeSet<>(codes))
              + ", as in the Standard Layout");
    }
    return v;
  }
}
