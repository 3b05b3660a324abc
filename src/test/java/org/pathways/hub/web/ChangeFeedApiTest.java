package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.access.ServiceTokens;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.HeldRuns;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.serve.ChangeFeed;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed over HTTP, as Pathways syncs with it: every change of every load once, in order,
 * only once a load is published, and a clear answer for a cursor that is wrong or too old. Each
 * test has its own district, so the feeds do not meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeFeedApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  TestHub hub;
  HttpClient http;
  String everywhere;
  String westOnly;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (String d : List.of("sync", "held", "pages", "west", "old", "first", "parts", "moved")) {
      hub.addDistrict(d, State.TX, "standard");
    }
    ServiceTokens tokens = hub.bean(ServiceTokens.class);
    everywhere = tokens.add("pathways", List.of()).secret();
    westOnly = tokens.add("west-only", List.of("west")).secret();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aFirstSyncGetsEveryAddThenASecondLoadsUpdateAddAndDeactivationInOrder() throws Exception {
    // Twenty students, so one missing stays under the volume guard's 10 %.
    RunSummary first = loaded("sync", Sample.students(20));
    JsonNode all = changes("sync", null);
    assertThat(all.get("items").valueStream().map(c -> c.get("kind").asString()))
        .containsOnly("added")
        .hasSize(20);
    assertThat(ids(all)).hasSize(20).contains("1001", "1020");
    JsonNode one = all.get("items").get(0);
    assertThat(one.get("data_set").asString()).isEqualTo("students");
    assertThat(one.get("run_id").asLong()).isEqualTo(first.runId());
    assertThat(one.get("record").get("last_name").asString()).startsWith("Last");
    assertThat(one.get("record").get("live").asBoolean()).isTrue();
    String cursor = all.get("next_cursor").asString();

    // 1001 renamed, 1020 missing, 1021 new.
    List<String> rows = new ArrayList<>(Sample.studentRows(21));
    rows.set(0, rows.get(0).replace("First0|", "Renamed|"));
    rows.remove(19);
    RunSummary second = loaded("sync", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));

    JsonNode since = changes("sync", cursor);
    List<String> seen =
        since
            .get("items")
            .valueStream()
            .map(
                c ->
                    c.get("kind").asString()
                        + " "
                        + c.get("key").get("student_id").asString()
                        + " "
                        + c.get("run_id").asLong())
            .toList();
    assertThat(seen)
        .containsExactly(
            "deactivated 1020 " + second.runId(),
            "updated 1001 " + second.runId(),
            "added 1021 " + second.runId());
    JsonNode updated = since.get("items").get(1).get("record");
    assertThat(updated.get("first_name").asString()).isEqualTo("Renamed");
    assertThat(since.get("items").get(0).get("record").isNull()).isTrue();

    String after = since.get("next_cursor").asString();
    JsonNode nothing = changes("sync", after);
    assertThat(nothing.get("items")).isEmpty();
    assertThat(nothing.get("next_cursor").asString()).isEqualTo(after);

    // since=now starts from here: only what a later load changes follows.
    String now =
        get(everywhere, "/api/v1/districts/sync/changes?since=now")
            .json()
            .get("next_cursor")
            .asString();
    rows.set(1, rows.get(1).replace("First1|", "Again|"));
    loaded("sync", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    assertThat(ids(changes("sync", now))).containsExactly("1002");
    assertThat(ids(changes("sync", after))).containsExactly("1002");
    assertThat(get(everywhere, "/api/v1/districts/sync/changes?dataset=grades").json().get("items"))
        .isEmpty();
  }

  @Test
  void aHeldRunShowsNothingUntilReleasedAndADiscardedOneNever() throws Exception {
    loaded("held", Sample.students(20));
    String cursor = changes("held", null).get("next_cursor").asString();

    RunSummary discarded = hub.ingestOne("held", "students.txt", Sample.students(10));
    assertThat(discarded.status()).isEqualTo(RunStatus.HELD);
    assertThat(changes("held", cursor).get("items")).isEmpty();
    hub.bean(HeldRuns.class).discard(discarded.runId(), "engineer", "truncated export");
    assertThat(changes("held", cursor).get("items")).isEmpty();

    RunSummary held = hub.ingestOne("held", "students.txt", Sample.students(12));
    assertThat(held.status()).isEqualTo(RunStatus.HELD);
    assertThat(changes("held", cursor).get("items")).isEmpty();
    hub.bean(HeldRuns.class).release(held.runId(), "engineer", "students left");
    JsonNode released = changes("held", cursor);
    assertThat(released.get("items").valueStream().map(c -> c.get("kind").asString()))
        .hasSize(8)
        .containsOnly("deactivated");
    assertThat(released.get("items").valueStream().map(c -> c.get("run_id").asLong()))
        .containsOnly(held.runId());
  }

  @Test
  void pagingWithASmallLimitReturnsEachChangeOnce() throws Exception {
    loaded("pages", Sample.students(20));
    List<String> rows = new ArrayList<>(Sample.studentRows(22));
    rows.remove(2);
    rows.set(0, rows.get(0).replace("First0|", "Changed|"));
    loaded("pages", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    List<String> whole = kindsAndIds(changes("pages", null));
    assertThat(whole).hasSize(20 + 1 + 1 + 2).doesNotHaveDuplicates();

    assertThat(paged("pages", 2, 30, ChangeFeedApiTest::kindsAndIds)).isEqualTo(whole);
  }

  @Test
  void anotherDistrictsTokenGets404AndAWrongCursorA400() throws Exception {
    loaded("west", Sample.students(2));
    assertThat(get(westOnly, "/api/v1/districts/west/changes").status()).isEqualTo(200);
    assertThat(get(westOnly, "/api/v1/districts/sync/changes").status()).isEqualTo(404);
    assertThat(get(westOnly, "/api/v1/districts/nowhere/changes").status()).isEqualTo(404);

    Answer garbage = get(everywhere, "/api/v1/districts/west/changes?since=not-a-cursor");
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.json().get("error").asString()).contains("since=now");
    String westCursor = changes("west", null).get("next_cursor").asString();
    assertThat(get(everywhere, "/api/v1/districts/sync/changes?since=" + westCursor).status())
        .as("one district's cursor is not another's")
        .isEqualTo(400);
    assertThat(get(everywhere, "/api/v1/districts/west/changes?dataset=marks").status())
        .isEqualTo(400);
    assertThat(get(everywhere, "/api/v1/districts/west/changes?limit=0").status()).isEqualTo(400);
  }

  @Test
  void aCursorOlderThanTheChangesKeptIsGoneWithWhatToDo() throws Exception {
    loaded("old", Sample.students(3));
    String start = changes("old", null).get("next_cursor").asString();
    loaded("old", Sample.students(4));
    String middle = changes("old", start).get("next_cursor").asString();
    loaded("old", Sample.students(5));

    // The district's first two loads are older than retention; the third is not.
    Instant now = Instant.now();
    hub.jdbc()
        .sql(
            "update change_publication set published_at = ? where district = 'old'"
                + " and pub_seq <= (select pub_seq from change_publication where district = 'old'"
                + " order by pub_seq offset 1 limit 1)")
        .param(java.sql.Timestamp.from(now.minus(Duration.ofDays(100))))
        .update();
    assertThat(hub.bean(ChangeFeed.class).prune(now.minus(Duration.ofDays(30)), now)).isEqualTo(4);

    Answer fromStart = get(everywhere, "/api/v1/districts/old/changes?since=" + start);
    assertThat(fromStart.status()).isEqualTo(410);
    assertThat(fromStart.json().get("error").asString()).contains("Resync", "since=now");
    assertThat(get(everywhere, "/api/v1/districts/old/changes").status()).isEqualTo(410);
    // A consumer that had read both pruned loads goes on.
    assertThat(ids(changes("old", middle))).containsExactly("1005");
  }

  @Test
  void aFirstLoadsAdditionsComeFromTheLiveTableInKeyOrderBetweenTheOtherLoads() throws Exception {
    RunSummary first = loaded("first", Sample.students(20));
    List<String> rows = new ArrayList<>(Sample.studentRows(21));
    rows.set(0, rows.get(0).replace("First0|", "Renamed|"));
    rows.remove(19);
    RunSummary second = loaded("first", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    RunSummary courses = hub.ingestOne("first", "course_crosswalk.txt", Sample.COURSES);
    assertThat(courses.status()).as(courses.toString()).isEqualTo(RunStatus.LOADED);
    rows.set(1, rows.get(1).replace("First1|", "Again|"));
    RunSummary fourth = loaded("first", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));

    // The two first loads wrote no row of the change log: the feed reads them from the live table.
    for (RunSummary r : List.of(first, courses)) {
      assertThat(hub.changeLogRows(r.runId())).isZero();
    }
    List<String> byKey =
        hub.jdbc()
            .sql(
                "select student_id from students where district = 'first' and first_run = ?"
                    + " order by rec_key")
            .param(first.runId())
            .query(String.class)
            .list();
    List<String> coursesByKey =
        hub.jdbc()
            .sql(
                "select local_course_id from course_crosswalk where district = 'first' order by rec_key")
            .query(String.class)
            .list();
    List<String> expected = new ArrayList<>();
    byKey.forEach(id -> expected.add("added " + id + " " + first.runId()));
    expected.add("deactivated 1020 " + second.runId());
    expected.add("updated 1001 " + second.runId());
    expected.add("added 1021 " + second.runId());
    coursesByKey.forEach(id -> expected.add("added " + id + " " + courses.runId()));
    expected.add("updated 1002 " + fourth.runId());

    JsonNode all = get(everywhere, "/api/v1/districts/first/changes?limit=1000").json();
    assertThat(changesOf(all)).containsExactlyElementsOf(expected);
    // Served as live now: the student the second load left out is added, then deactivated.
    JsonNode left =
        all.get("items")
            .valueStream()
            .filter(c -> c.get("key").path("student_id").asString("").equals("1020"))
            .findFirst()
            .orElseThrow();
    assertThat(left.get("record").get("live").asBoolean()).isFalse();
    assertThat(left.get("record").get("last_name").asString()).isEqualTo("Last19");

    // Paged by one, three, twenty and twenty-one, across the ends of each kind of publication:
    // each change once.
    for (int limit : List.of(1, 3, 20, 21)) {
      assertThat(paged("first", limit, 40, ChangeFeedApiTest::changesOf))
          .as("limit " + limit)
          .containsExactlyElementsOf(expected);
    }

    // One data set only: the courses' first load alone.
    JsonNode onlyCourses =
        get(everywhere, "/api/v1/districts/first/changes?dataset=course_crosswalk").json();
    assertThat(changesOf(onlyCourses))
        .containsExactlyElementsOf(expected.subList(byKey.size() + 3, byKey.size() + 6));
  }

  @Test
  void aPartsFirstLoadBesideAnotherPartIsReadFromTheLiveTableAndLaterNightsFromTheLog()
      throws Exception {
    hub.ingestOne("parts", "students.txt", Sample.students(3));
    hub.ingestOne("parts", "course_crosswalk.txt", Sample.COURSES);
    RunSummary history =
        grades(
            "parts",
            "grades_history.txt",
            "1001|2025|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
            "1002|2025|S1|ALG1|255901001|B|85|0.5|0.5|FINAL");
    RunSummary current =
        grades(
            "parts",
            "grades_current.txt",
            "1001|2026|S1|BIO|255901001|A|91|0.5|0|IN_PROGRESS",
            "1003|2026|S1|ALG1|255901001|C|75|0.5|0|IN_PROGRESS");
    assertThat(current.added()).isEqualTo(2);

    // The current part's first load names no history record: like the district's first load of
    // grades, it wrote no row of the change log and its publication is read from the live table.
    assertThat(hub.changeLogRows(current.runId())).isZero();
    assertThat(fromLive(current)).isTrue();
    List<String> expected = new ArrayList<>();
    for (RunSummary r : List.of(history, current)) {
      gradesByKey("parts", r).forEach(id -> expected.add("added " + id + " " + r.runId()));
    }
    assertThat(expected).hasSize(4);
    JsonNode feed = get(everywhere, "/api/v1/districts/parts/changes?dataset=grades").json();
    assertThat(changesOf(feed)).containsExactlyElementsOf(expected);
    JsonNode biology =
        feed.get("items")
            .valueStream()
            .filter(c -> c.get("key").get("local_course_id").asString().equals("BIO"))
            .findFirst()
            .orElseThrow();
    assertThat(biology.get("record").get("numeric_grade").asString()).isEqualTo("91");
    assertThat(biology.get("record").get("grade_status").asString()).isEqualTo("IN_PROGRESS");

    // The next night changes one current grade and adds another: written to the log.
    RunSummary next =
        grades(
            "parts",
            "grades_current.txt",
            "1001|2026|S1|BIO|255901001|A|93|0.5|0|IN_PROGRESS",
            "1003|2026|S1|ALG1|255901001|C|75|0.5|0|IN_PROGRESS",
            "1002|2026|S1|BIO|255901001|B|88|0.5|0|IN_PROGRESS");
    assertThat(fromLive(next)).isFalse();
    assertThat(hub.changeLogRows(next.runId())).isEqualTo(2);
    // The first loads are served as their records are now, so they are read again for the order.
    List<String> after = new ArrayList<>();
    for (RunSummary r : List.of(history, current)) {
      gradesByKey("parts", r).forEach(id -> after.add("added " + id));
    }
    after.add("updated 1001");
    after.add("added 1002");
    for (int limit : List.of(1, 2, 5)) {
      assertThat(paged("parts", limit, 20, ChangeFeedApiTest::gradeChanges))
          .as("limit " + limit)
          .containsExactlyElementsOf(after);
    }
  }

  @Test
  void aPartsFirstLoadThatNamesARecordOfAnotherPartMovesItAndLogsBoth() throws Exception {
    hub.ingestOne("moved", "students.txt", Sample.students(3));
    hub.ingestOne("moved", "course_crosswalk.txt", Sample.COURSES);
    grades(
        "moved",
        "grades_history.txt",
        "1001|2025|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
        "1002|2025|S1|ALG1|255901001|B|85|0.5|0.5|FINAL");
    // The district's SIS still calls one of last year's grades in progress.
    RunSummary current =
        grades(
            "moved",
            "grades_current.txt",
            "1002|2025|S1|ALG1|255901001|B|86|0.5|0|IN_PROGRESS",
            "1003|2026|S1|BIO|255901001|C|75|0.5|0|IN_PROGRESS");

    assertThat(current.added()).isEqualTo(1);
    assertThat(current.updated()).isEqualTo(1);
    assertThat(fromLive(current)).isFalse();
    assertThat(hub.changeLogRows(current.runId())).isEqualTo(2);
    assertThat(
            hub.jdbc()
                .sql(
                    "select grade_status || ' ' || numeric_grade from grades"
                        + " where district = 'moved' and student_id = '1002'")
                .query(String.class)
                .single())
        .isEqualTo("IN_PROGRESS 86");
    JsonNode feed =
        get(everywhere, "/api/v1/districts/moved/changes?dataset=grades&limit=100").json();
    assertThat(changesOf(feed).subList(2, 4))
        .containsExactlyInAnyOrder(
            "updated 1002 " + current.runId(), "added 1003 " + current.runId());
  }

  // --- helpers ---------------------------------------------------------------------------------

  private RunSummary grades(String district, String file, String... rows) throws Exception {
    RunSummary r = hub.ingestOne(district, file, Sample.grades(rows));
    assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.LOADED);
    return r;
  }

  private boolean fromLive(RunSummary r) {
    return hub.publication(r.runId()).fromLive();
  }

  /** The students of a run's grades, in the order of their records' keys. */
  private List<String> gradesByKey(String district, RunSummary r) {
    return hub.jdbc()
        .sql("select student_id from grades where district = ? and first_run = ? order by rec_key")
        .params(district, r.runId())
        .query(String.class)
        .list();
  }

  /** Each change of a grade as its kind and student; the other data sets' are left out. */
  private static List<String> gradeChanges(JsonNode page) {
    return page.get("items")
        .valueStream()
        .filter(c -> c.get("data_set").asString().equals("grades"))
        .map(ChangeFeedApiTest::kindAndId)
        .toList();
  }

  private RunSummary loaded(String district, String students) throws Exception {
    RunSummary r = hub.ingestOne(district, "students.txt", students);
    assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.LOADED);
    return r;
  }

  private JsonNode changes(String district, String since) throws Exception {
    Answer a =
        get(
            everywhere,
            "/api/v1/districts/"
                + district
                + "/changes"
                + (since == null ? "" : "?since=" + since));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  private static List<String> ids(JsonNode page) {
    return page.get("items")
        .valueStream()
        .map(c -> c.get("key").get("student_id").asString())
        .toList();
  }

  /**
   * The whole feed read {@code limit} changes at a time, from its start until a page comes back
   * empty (with the cursor it was given), in at most {@code calls} calls.
   */
  private List<String> paged(
      String district, int limit, int calls, java.util.function.Function<JsonNode, List<String>> as)
      throws Exception {
    List<String> paged = new ArrayList<>();
    String cursor = null;
    for (int call = 0; call < calls; call++) {
      JsonNode page =
          get(
                  everywhere,
                  "/api/v1/districts/"
                      + district
                      + "/changes?limit="
                      + limit
                      + (cursor == null ? "" : "&since=" + cursor))
              .json();
      assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
      if (page.get("items").isEmpty()) {
        assertThat(page.get("next_cursor").asString()).isEqualTo(cursor);
        break;
      }
      as.apply(page).forEach(paged::add);
      cursor = page.get("next_cursor").asString();
    }
    return paged;
  }

  /** Each change as its kind, the student's or course's id and the run that made it. */
  private static List<String> changesOf(JsonNode page) {
    return page.get("items")
        .valueStream()
        .map(
            c ->
                c.get("kind").asString()
                    + " "
                    + (c.get("key").has("student_id")
                        ? c.get("key").get("student_id").asString()
                        : c.get("key").get("local_course_id").asString())
                    + " "
                    + c.get("run_id").asLong())
        .toList();
  }

  private static List<String> kindsAndIds(JsonNode page) {
    return page.get("items").valueStream().map(ChangeFeedApiTest::kindAndId).toList();
  }

  /** A change of a record keyed by its student, as its kind and the student's id. */
  private static String kindAndId(JsonNode change) {
    return change.get("kind").asString() + " " + change.get("key").get("student_id").asString();
  }

  record Answer(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  private Answer get(String token, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.webPort() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }
}
