package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathways.hub.access.ServiceTokens;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.History;
import org.pathways.hub.monitor.NightCalendar;
import org.pathways.hub.monitor.RowCounts;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.receive.ApiKeys;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StandardFixtures;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read API over HTTP, as Pathways calls it: service tokens scoped to districts, paging with the
 * cursor, filters, transcripts with state course codes, nightly figures equal to the portal's, and
 * the wall between read tokens and upload keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ReadApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

  TestHub hub;
  HttpClient http;
  String everywhere;
  String northOnly;
  String revoked;
  String northUploadKey;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    hub.addDistrict("north", State.TX, "standard");
    hub.addDistrict("south", State.TX, "standard");
    StandardFixtures.load(hub, "north");
    for (String name : List.of("users.txt", "ibc.txt", "course_requests.txt")) {
      Path file =
          Path.of(getClass().getClassLoader().getResource("fixtures/standard/" + name).toURI());
      for (RunSummary r : hub.ingest("north", file)) {
        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.LOADED);
      }
    }
    // South sends 31 students three nights ago and 30 two nights ago: 1031 is deactivated.
    ZonedDateTime oneAm = ZonedDateTime.now(CENTRAL).withHour(1).withMinute(0);
    assertThat(
            hub.ingestAt(
                    "south", "students.txt", Sample.students(31), oneAm.minusDays(3).toInstant())
                .get(0)
                .status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(
            hub.ingestAt(
                    "south", "students.txt", Sample.students(30), oneAm.minusDays(2).toInstant())
                .get(0)
                .status())
        .isEqualTo(RunStatus.LOADED);
    ServiceTokens tokens = hub.bean(ServiceTokens.class);
    everywhere = tokens.add("pathways", List.of()).secret();
    northOnly = tokens.add("north-reports", List.of("north")).secret();
    revoked = tokens.add("retired", List.of()).secret();
    tokens.revokeConsumer("retired");
    northUploadKey = hub.bean(ApiKeys.class).add("north", "nightly script").secret();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  // --- authentication ------------------------------------------------------------------------

  @Test
  void withoutATokenOrWithAWrongOrRevokedOneTheAnswerIs401WithABearerChallenge() throws Exception {
    Answer none = get(null, "/api/v1/districts");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json().get("error").asString()).contains("token add --consumer");

    Answer wrong = get("pst_nothing_nothing", "/api/v1/districts/north/students");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.header("WWW-Authenticate")).contains("invalid_token");

    Answer old = get(revoked, "/api/v1/districts");
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.header("WWW-Authenticate")).contains("invalid_token");

    // A right id with a wrong secret is refused too.
    String forged = everywhere.substring(0, everywhere.lastIndexOf('_') + 1) + "x".repeat(32);
    assertThat(get(forged, "/api/v1/districts").status()).isEqualTo(401);

    assertThat(get(everywhere, "/api/v1/districts").status()).isEqualTo(200);
  }

  @Test
  void aTokenNotesWhenItWasLastUsed() throws Exception {
    get(northOnly, "/api/v1/districts");
    assertThat(
            hub.jdbc()
                .sql("select last_used_at is not null from service_token where consumer = ?")
                .param("north-reports")
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void anUploadKeyCannotReadAndAReadTokenCannotUpload() throws Exception {
    assertThat(get(northUploadKey, "/api/v1/districts").status()).isEqualTo(401);
    assertThat(get(northUploadKey, "/api/v1/districts/north/students").status()).isEqualTo(401);

    HttpResponse<String> upload =
        http.send(
            HttpRequest.newBuilder(url("/api/v1/districts/north/files?name=students.txt"))
                .header("Authorization", "Bearer " + everywhere)
                .POST(HttpRequest.BodyPublishers.ofString(Sample.students(2)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(401);
    assertThat(get(everywhere, "/api/v1/districts/north/runs/1").status()).isEqualTo(401);
    // The upload key still uploads: the read API did not take its door.
    HttpResponse<String> keyed =
        http.send(
            HttpRequest.newBuilder(url("/api/v1/districts/north/runs/1"))
                .header("Authorization", "Bearer " + northUploadKey)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(keyed.statusCode()).isEqualTo(200);
  }

  // --- scope ---------------------------------------------------------------------------------

  @Test
  void aTokenScopedToOneDistrictListsOnlyItAndGets404ForAnyOther() throws Exception {
    JsonNode listed = get(northOnly, "/api/v1/districts").json();
    assertThat(listed.get("items").valueStream().map(d -> d.get("code").asString()))
        .containsExactly("north");
    assertThat(
            get(everywhere, "/api/v1/districts")
                .json()
                .get("items")
                .valueStream()
                .map(d -> d.get("code").asString()))
        .containsExactly("north", "south");

    Answer other = get(northOnly, "/api/v1/districts/south/students");
    Answer missing = get(northOnly, "/api/v1/districts/nowhere/students");
    assertThat(other.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(other.body()).isEqualTo(missing.body());
    for (String path :
        List.of(
            "/campuses",
            "/students/1001",
            "/students/1001/transcript",
            "/teachers",
            "/users",
            "/courses",
            "/nights")) {
      assertThat(get(northOnly, "/api/v1/districts/south" + path).status()).as(path).isEqualTo(404);
    }
    assertThat(get(northOnly, "/api/v1/districts/north/students").status()).isEqualTo(200);
  }

  // --- districts and campuses -----------------------------------------------------------------

  @Test
  void districtsCarryTheirProfileAndTheLastLoadOfEachDataSet() throws Exception {
    JsonNode north = get(northOnly, "/api/v1/districts").json().get("items").get(0);
    assertThat(north.get("name").asString()).isEqualTo("NORTH ISD");
    assertThat(north.get("state").asString()).isEqualTo("TX");
    assertThat(north.get("sis_profile").asString()).isEqualTo("standard");
    List<String> sets =
        north.get("last_loads").valueStream().map(l -> l.get("data_set").asString()).toList();
    assertThat(sets).contains("students", "teachers", "course_crosswalk", "grades", "gpa");
    JsonNode students = north.get("last_loads").get(0);
    assertThat(students.get("data_set").asString()).isEqualTo("students");
    assertThat(students.get("rows_read").asLong()).isEqualTo(9);
    assertThat(students.get("loaded_at").asString()).isNotBlank();
  }

  @Test
  void campusesAreTheOnesStudentsAndTeachersName() throws Exception {
    JsonNode items = get(everywhere, "/api/v1/districts/north/campuses").json().get("items");
    assertThat(items.valueStream().map(c -> c.get("campus_id").asString()))
        .containsExactly("255901001", "255901041");
    assertThat(items.get(0).get("campus_name").asString()).isEqualTo("Grand Bend High School");
    assertThat(items.get(0).get("students").asLong()).isEqualTo(8);
    assertThat(items.get(1).get("students").asLong()).isEqualTo(1);
    assertThat(items.get(0).get("teachers").asLong()).isPositive();
  }

  // --- students ------------------------------------------------------------------------------

  @Test
  void pagingWithTheCursorReturnsEveryActiveStudentOnceInOrder() throws Exception {
    List<String> expected =
        hub.jdbc()
            .sql(
                "select student_id from students where district = 'south' and live"
                    + " order by student_id")
            .query(String.class)
            .list();
    assertThat(expected).hasSize(30);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get(
                  everywhere,
                  "/api/v1/districts/south/students?limit=7"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      assertThat(page.get("items").size()).isBetween(1, 7);
      page.get("items").forEach(s -> seen.add(s.get("student_id").asString()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(5);

    JsonNode all =
        get(everywhere, "/api/v1/districts/south/students?include_inactive=true&limit=1000").json();
    assertThat(all.get("items").size()).isEqualTo(31);
    assertThat(all.get("next_cursor").isNull()).isTrue();
    JsonNode gone =
        all.get("items")
            .valueStream()
            .filter(s -> s.get("student_id").asString().equals("1031"))
            .findFirst()
            .orElseThrow();
    assertThat(gone.get("live").asBoolean()).isFalse();
  }

  @Test
  void studentsAreFilteredByCampusGradeLevelAndStatus() throws Exception {
    assertThat(ids("/api/v1/districts/north/students?grade_level=9"))
        .containsExactly("604852", "604871");
    assertThat(ids("/api/v1/districts/north/students?status=w")).containsExactly("604834");
    assertThat(ids("/api/v1/districts/north/students?campus=255901041")).containsExactly("604837");
    assertThat(ids("/api/v1/districts/north/students?campus=255901001&grade_level=12&status=A"))
        .containsExactly("604822", "604844");
  }

  @Test
  void aBadLimitCursorOrFilterIsA400ThatSaysWhatToDo() throws Exception {
    Answer zero = get(everywhere, "/api/v1/districts/north/students?limit=0");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.json().get("error").asString()).contains("between 1 and 1000");
    assertThat(get(everywhere, "/api/v1/districts/north/students?limit=1001").status())
        .isEqualTo(400);
    Answer word = get(everywhere, "/api/v1/districts/north/students?limit=many");
    assertThat(word.status()).isEqualTo(400);
    assertThat(word.json().get("error").asString()).contains("limit must be a whole number");

    Answer bad = get(everywhere, "/api/v1/districts/north/students?cursor=not-a-cursor");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asString()).contains("next_cursor");
    // A cursor of another list is refused rather than read as a student id.
    String teachersCursor =
        get(everywhere, "/api/v1/districts/north/teachers?limit=1")
            .json()
            .get("next_cursor")
            .asString();
    assertThat(
            get(everywhere, "/api/v1/districts/north/students?cursor=" + teachersCursor).status())
        .isEqualTo(400);

    Answer grade = get(everywhere, "/api/v1/districts/north/students?grade_level=13");
    assertThat(grade.status()).isEqualTo(400);
    assertThat(grade.json().get("error").asString()).contains("grade_level must be one of");
    assertThat(get(everywhere, "/api/v1/districts/north/nights?days=0").status()).isEqualTo(400);
    assertThat(
            get(everywhere, "/api/v1/districts/north/students?include_inactive=perhaps").status())
        .isEqualTo(400);
  }

  @Test
  void oneStudentWithTypedValuesAndA404ForAnUnknownId() throws Exception {
    JsonNode s = get(everywhere, "/api/v1/districts/north/students/604822").json();
    assertThat(s.get("first_name").asString()).isEqualTo("Lisa");
    assertThat(s.get("birth_date").asString()).isEqualTo("2008-09-13");
    assertThat(s.get("graduation_year").asInt()).isEqualTo(2027);
    assertThat(s.get("gifted_talented").asBoolean()).isTrue();
    assertThat(s.get("endorsements").get(0).asString()).isEqualTo("STEM");
    assertThat(s.get("gpa_weighted").decimalValue()).isEqualByComparingTo("4.000");
    assertThat(s.get("live").asBoolean()).isTrue();
    Answer unknown = get(everywhere, "/api/v1/districts/north/students/999999");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(get(everywhere, "/api/v1/districts/north/students/999999/transcript").status())
        .isEqualTo(404);
  }

  @Test
  void theTranscriptCarriesStateCourseCodesAndCreditsFromTheCrosswalk() throws Exception {
    JsonNode t = get(everywhere, "/api/v1/districts/north/students/604822/transcript").json();
    long grades =
        hub.jdbc()
            .sql("select count(*) from grades where district = 'north' and student_id = '604822'")
            .query(Long.class)
            .single();
    assertThat(t.get("items").size()).isEqualTo((int) grades).isPositive();
    JsonNode eng3 =
        t.get("items")
            .valueStream()
            .filter(g -> g.get("local_course_id").asString().equals("ENG-3"))
            .findFirst()
            .orElseThrow();
    assertThat(eng3.get("school_year").asInt()).isEqualTo(2026);
    assertThat(eng3.get("credits_earned").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(eng3.get("crosswalk").get("state_course_code").asString()).isEqualTo("03220300");
    assertThat(eng3.get("crosswalk").get("credits").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(eng3.get("crosswalk").get("subject_area").asString()).isEqualTo("ENG");
    assertThat(t.get("items").valueStream().allMatch(g -> g.get("crosswalk").isObject())).isTrue();
  }

  @Test
  void gpaIbcAndCourseRequestsOfAStudent() throws Exception {
    JsonNode gpa = get(everywhere, "/api/v1/districts/north/students/604822/gpa").json();
    assertThat(gpa.get("items").valueStream().map(g -> g.get("gpa_type").asString()))
        .containsExactlyInAnyOrder("WEIGHTED", "UNWEIGHTED");
    JsonNode ibc = get(everywhere, "/api/v1/districts/north/students/604822/ibc").json();
    assertThat(ibc.get("items").valueStream().map(i -> i.get("ibc_code").asString()))
        .contains("662", "481");
    JsonNode requests =
        get(everywhere, "/api/v1/districts/north/students/604824/course-requests").json();
    assertThat(requests.get("items").valueStream().map(r -> r.get("local_course_id").asString()))
        .contains("ENG-4", "PRIN-IT");
  }

  // --- teachers, users, courses ----------------------------------------------------------------

  @Test
  void teachersUsersAndCoursesArePagedLikeStudents() throws Exception {
    for (DataSet ds : List.of(DataSet.TEACHERS, DataSet.USERS, DataSet.COURSE_CROSSWALK)) {
      String path = ds == DataSet.COURSE_CROSSWALK ? "courses" : ds.id();
      String key = ds.keyFields().get(0).name();
      List<String> expected =
          hub.jdbc()
              .sql(
                  "select "
                      + key
                      + " from "
                      + ds.id()
                      + " where district = 'north' and live order by "
                      + key)
              .query(String.class)
              .list();
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonNode page =
            get(
                    everywhere,
                    "/api/v1/districts/north/"
                        + path
                        + "?limit=2"
                        + (cursor == null ? "" : "&cursor=" + cursor))
                .json();
        page.get("items").forEach(s -> seen.add(s.get(key).asString()));
        cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        pages++;
      } while (cursor != null && pages < 50);
      assertThat(seen).as(path).isNotEmpty().containsExactlyElementsOf(expected);
    }
    JsonNode course =
        get(everywhere, "/api/v1/districts/north/courses?limit=1000")
            .json()
            .get("items")
            .valueStream()
            .filter(c -> c.get("local_course_id").asString().equals("US-HIST"))
            .findFirst()
            .orElseThrow();
    assertThat(course.get("state_course_code").asString()).isEqualTo("A3340100");
  }

  // --- nights --------------------------------------------------------------------------------

  @Test
  void theNightlyFiguresAreTheOnesHistoryComputesForThePortal() throws Exception {
    JsonNode api = get(everywhere, "/api/v1/districts/south/nights?days=10").json();
    District south = hub.bean(DistrictRepository.class).find("south").orElseThrow();
    NightCalendar calendar = hub.bean(History.class).calendar(south, 10);
    RowCounts counts = hub.bean(History.class).rowCounts(south, 10);

    assertThat(api.get("from").asString()).isEqualTo(calendar.first().toString());
    assertThat(api.get("to").asString()).isEqualTo(calendar.last().toString());
    assertThat(api.get("feeds").valueStream().map(f -> f.get("feed").asString()))
        .containsExactlyElementsOf(calendar.rows().stream().map(r -> r.feed().id()).toList());
    assertThat(api.get("nights").size()).isEqualTo(10);
    int loads = 0;
    for (int i = 0; i < 10; i++) {
      JsonNode night = api.get("nights").get(i);
      assertThat(night.get("night").asString()).isEqualTo(calendar.days().get(i).toString());
      for (int r = 0; r < calendar.rows().size(); r++) {
        NightCalendar.Cell cell = calendar.rows().get(r).cells().get(i);
        JsonNode state = night.get("feeds").get(r);
        assertThat(state.get("state").asString()).isEqualTo(cell.kind());
        assertThat(state.get("reason").asString()).isEqualTo(cell.reason());
        assertThat(state.get("run_id").isNull() ? null : state.get("run_id").asLong())
            .isEqualTo(cell.runId());
      }
      for (JsonNode load : night.get("loads")) {
        RowCounts.Count c =
            counts
                .on(
                    calendar.days().get(i),
                    DataSet.byId(load.get("data_set").asString()).orElseThrow())
                .orElseThrow();
        assertThat(load.get("rows_read").asLong()).isEqualTo(c.rowsRead());
        assertThat(load.get("added").asLong()).isEqualTo(c.added());
        assertThat(load.get("deactivated").asLong()).isEqualTo(c.deactivated());
        loads++;
      }
    }
    assertThat(loads).isEqualTo(counts.counts().size()).isEqualTo(2);
    // The second night's load deactivated the student missing from it.
    assertThat(counts.counts().get(1).deactivated()).isEqualTo(1);
  }

  // --- the OpenAPI document --------------------------------------------------------------------

  @Test
  void theOpenApiDocumentIsPublicAndDescribesEveryReadEndpoint() throws Exception {
    Answer doc = get(null, "/api/v1/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    JsonNode paths = doc.json().get("paths");
    assertThat(doc.json().get("openapi").asString()).startsWith("3.");
    Set<String> mapped = new HashSet<>();
    RequestMappingHandlerMapping mappings =
        hub.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    mappings
        .getHandlerMethods()
        .forEach(
            (RequestMappingInfo info, org.springframework.web.method.HandlerMethod method) -> {
              if (method.getBeanType() == ReadApi.class) {
                mapped.addAll(info.getPathPatternsCondition().getPatternValues());
              }
            });
    assertThat(mapped).hasSizeGreaterThanOrEqualTo(13);
    for (String path : mapped) {
      assertThat(paths.has(path)).as("%s in the OpenAPI document", path).isTrue();
      assertThat(paths.get(path).has("get")).as(path).isTrue();
    }
    Set<String> documented = new HashSet<>(paths.propertyNames());
    assertThat(documented).isEqualTo(mapped);
  }

  @Test
  void theDocumentsRecordSchemasHaveTheStandardLayoutsFields() throws Exception {
    JsonNode schemas = get(null, "/api/v1/openapi.json").json().get("components").get("schemas");
    java.util.Map<String, DataSet> named =
        java.util.Map.of(
            "Student", DataSet.STUDENTS,
            "Teacher", DataSet.TEACHERS,
            "User", DataSet.USERS,
            "Course", DataSet.COURSE_CROSSWALK,
            "Grade", DataSet.GRADES,
            "Gpa", DataSet.GPA,
            "Ibc", DataSet.IBC,
            "CourseRequest", DataSet.COURSE_REQUESTS);
    named.forEach(
        (schema, ds) -> {
          List<String> fields =
              new ArrayList<>(
                  ds.fields().stream().map(org.pathways.hub.district.Field::name).toList());
          if (ds.deactivates()) {
            fields.add("live");
          }
          assertThat(schemas.get(schema).get("properties").propertyNames())
              .as(schema)
              .containsExactlyElementsOf(fields);
        });
  }

  @Test
  void studentDataStaysOutOfTheLogs(CapturedOutput output) throws Exception {
    get(everywhere, "/api/v1/districts/north/students/604822");
    get(everywhere, "/api/v1/districts/north/students/604822/transcript");
    get(everywhere, "/api/v1/districts/north/students/Lisa-Woods-404");
    get(everywhere, "/api/v1/districts/north/students?campus=255901001&limit=x");
    get(everywhere, "/api/v1/districts/north/students?cursor=NjA0ODIy");
    // A refused upload writes its audit line, so the capture is known to see the hub's log.
    get(everywhere, "/api/v1/districts/north/runs/604822");
    assertThat(output.getAll()).contains("api.auth denied");
    assertThat(output.getAll().replace("/runs/604822", "/runs/RUN"))
        .doesNotContain("604822", "Lisa", "Woods", "NjA0ODIy");
  }

  // --- helpers ---------------------------------------------------------------------------------

  record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  private List<String> ids(String path) throws Exception {
    Answer a = get(everywhere, path);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().get("items").valueStream().map(s -> s.get("student_id").asString()).toList();
  }

  private Answer get(String token, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r.headers());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + hub.webPort() + path);
  }
}
