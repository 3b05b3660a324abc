package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.Expectations;
import org.pathways.hub.monitor.Feed;
import org.pathways.hub.monitor.Nights;
import org.pathways.hub.monitor.Pause;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The nightly page over HTTP: the calendar and the chart's figures for files received on chosen
 * nights; engineers change the nights of the week and the pause windows, with their reasons refused
 * when wrong and every change audited; a contact sees the same page and changes nothing.
 */
class NightlyPortalTest {

  static final String PASSWORD = "nightly test passphrase";
  static final String ENGINEER = "engineer@hub.test";
  static final String CONTACT = "it@nightly.test";
  static final String D = "nightly-isd";
  static final String EDITED = "edited-isd";

  static TestHub hub;
  static LocalDate last;
  static long lastRun;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(D, State.TX, "standard");
    hub.addDistrict(EDITED, State.TX, "standard");
    hub.addDistrict("harmony-sc", State.IN, "harmony-in");
    hub.addDistrict("cognos-isd", State.TX, "cognos-tx");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add(ENGINEER, Role.ENGINEER, null, PASSWORD);
    users.add(CONTACT, Role.DISTRICT_CONTACT, D, PASSWORD);
    // The hub runs on the real clock: the files come on the last night whose deadline has passed
    // and the one two nights before it, each before the deadline.
    last = Nights.lastNight(Instant.now(), LocalTime.of(2, 0));
    received(hub.ingestOne(D, "students.txt", Sample.students(3)).runId(), last.minusDays(2));
    lastRun = hub.ingestOne(D, "students.txt", Sample.students(5)).runId();
    received(lastRun, last);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  /** Sets when a run's file came: half an hour before the night's 02:00 deadline. */
  static void received(long runId, LocalDate night) {
    Instant at = Nights.deadline(night, LocalTime.of(2, 0)).minusSeconds(1800);
    hub.jdbc()
        .sql(
            "update received_file set received_at = ? where id ="
                + " (select received_file_id from ingest_run where id = ?)")
        .params(Timestamp.from(at), runId)
        .update();
  }

  static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).isTrue();
    return c;
  }

  static District district(String code) {
    return hub.bean(DistrictRepository.class).find(code).orElseThrow();
  }

  static List<String> audit(String action, String outcome) {
    return hub.jdbc()
        .sql(
            "select actor || ' ' || target || ' ' || coalesce(detail, '') from audit_event"
                + " where action = ? and outcome = ? and district = ? order by at, id")
        .params(action, outcome, EDITED)
        .query(String.class)
        .list();
  }

  @Test
  void theCalendarShowsEachNightsStateWithALinkToItsRun() throws Exception {
    String page = signedIn(CONTACT).get("/districts/" + D + "/nightly").body();
    assertThat(page)
        .contains("Last 90 nights")
        .contains("aria-current=\"page\">Nightly</a>")
        .contains("id=\"calendar-students\"")
        .contains("href=\"/runs/" + lastRun + "\"")
        .contains("on time: The students file came")
        .contains("missing: No students file arrived")
        .contains("Not watched yet")
        .contains("id=\"rows-chart\"")
        .contains("/districts/" + D + "/nightly/rows.json")
        .contains("<caption id=\"counts-caption\">")
        .doesNotContain("Save expected nights")
        .doesNotContain("Add pause");
    String students =
        page.substring(
            page.indexOf("id=\"calendar-students\""),
            page.indexOf("</tr>", page.indexOf("id=\"calendar-students\"")));
    assertThat(students.split("class=\"cell ", -1)).hasSize(91);
    // Oldest first: the last three nights are on time, missing, on time.
    List<String> kinds = new ArrayList<>();
    for (String part : students.split("class=\"cell ")) {
      kinds.add(part.substring(0, part.indexOf('"')));
    }
    assertThat(kinds.subList(88, 91)).containsExactly("OK", "MISSING", "OK");
  }

  @Test
  void aManualUploadDistrictIsDueOnceASemesterAndACognosOneByOne() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    String harmony = engineer.get("/districts/harmony-sc/nightly").body();
    assertThat(harmony)
        .contains("The district uploads by hand")
        .contains("December 20")
        .contains("May 31")
        .contains("id=\"calendar-students\"")
        .contains("id=\"calendar-grades\"")
        .doesNotContain("id=\"calendar-teachers\"")
        .contains("No file was loaded in these nights.");
    assertThat(engineer.get("/districts/cognos-isd/nightly").body())
        .contains("due by <strong>01:00</strong>")
        .contains("(the default for this SIS)")
        .contains("href=\"/districts/cognos-isd/settings#integration\"");
  }

  @Test
  void anEngineerSetsTheSemesterEndsOfADistrictThatUploadsByHand() throws Exception {
    hub.addDistrict("harmony-two", State.IN, "harmony-in");
    PortalClient engineer = signedIn(ENGINEER);
    String url = "/districts/harmony-two/nightly/semesters";
    assertThat(engineer.get("/districts/harmony-two/nightly").body())
        .contains("Save semester ends")
        .contains("value=\"12-20,05-31\"");
    assertThat(engineer.post(url, Map.of("ends", "12-18, 13-01")).statusCode()).isEqualTo(302);
    assertThat(engineer.get("/districts/harmony-two/nightly").body())
        .contains("The semester ends were not saved: &#39;13-01&#39; is not a month and day");
    engineer.post(url, Map.of("ends", "05/28 12/18"));
    String page = engineer.get("/districts/harmony-two/nightly").body();
    assertThat(page)
        .contains("Semester ends saved: 05-28,12-18.")
        .contains("May 28")
        .contains("December 18")
        .doesNotContain("December 20");
    assertThat(
            hub.jdbc()
                .sql(
                    "select outcome || ' ' || coalesce(detail, '') from audit_event"
                        + " where action = 'expectations.semesters' and district = 'harmony-two'"
                        + " order by at, id")
                .query(String.class)
                .list())
        .containsExactly(
            "refused '13-01' is not a month and day: write 12-20 for December 20",
            "ok 12-20,05-31 -> 05-28,12-18");
    assertThat(
            signedIn(CONTACT)
                .post("/districts/" + D + "/nightly/semesters", Map.of("ends", "05-28"))
                .statusCode())
        .isEqualTo(404);
    assertThat(engineer.get("/districts/" + D + "/nightly").body())
        .as("a nightly district has no semester ends")
        .doesNotContain("Save semester ends");
  }

  @Test
  void aDataSetSentInPartsIsExpectedPartByPart() throws Exception {
    hub.addDistrict("parts-isd", State.TX, "powerschool-tx");
    PortalClient engineer = signedIn(ENGINEER);
    String page = engineer.get("/districts/parts-isd/nightly").body();
    assertThat(page)
        .contains("name=\"nights-grades-history\"")
        .contains("name=\"nights-grades-current\"")
        .contains(">grades (history)<")
        .doesNotContain("name=\"nights-grades\"");
    List<Map.Entry<String, String>> form = new ArrayList<>();
    for (String feed :
        List.of(
            "students",
            "teachers",
            "users",
            "course_crosswalk",
            "grades-current",
            "gpa",
            "ibc",
            "course_requests")) {
      for (DayOfWeek day : DayOfWeek.values()) {
        form.add(Map.entry("nights-" + feed, day.name()));
      }
    }
    form.add(Map.entry("nights-grades-history", "SUNDAY"));
    engineer.postFields("/districts/parts-isd/nightly/nights", form);
    assertThat(engineer.get("/districts/parts-isd/nightly").body())
        .contains("Expected nights saved: grades (history): Sun.");
    var plan = hub.bean(Expectations.class).plan(district("parts-isd"));
    assertThat(plan.nights().get(new Feed(DataSet.GRADES, "history")))
        .containsExactly(DayOfWeek.SUNDAY);
    assertThat(plan.dueOn(LocalDate.of(2026, 11, 30)))
        .as("a Monday")
        .contains(new Feed(DataSet.GRADES, "current"))
        .doesNotContain(new Feed(DataSet.GRADES, "history"));
  }

  @Test
  void theChartsFiguresAreTheRowsReadPerNight() throws Exception {
    HttpResponse<String> r = signedIn(CONTACT).get("/districts/" + D + "/nightly/rows.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    List<String> rows = new ArrayList<>(Collections.nCopies(90, "null"));
    rows.set(87, "3");
    rows.set(89, "5");
    assertThat(r.body())
        .contains("\"district\":\"" + D + "\"")
        .contains("\"from\":\"" + last.minusDays(89) + "\"")
        .contains("\"to\":\"" + last + "\"")
        .contains("\"" + last.minusDays(1) + "\"")
        .contains("{\"dataSet\":\"students\",\"rowsRead\":[" + String.join(",", rows) + "]}");
    assertThat(r.body().split("\"dataSet\"", -1)).as("one series").hasSize(2);
    assertThat(signedIn(CONTACT).get("/districts/" + EDITED + "/nightly/rows.json").statusCode())
        .isEqualTo(404);
  }

  @Test
  void anEngineerChangesTheNightsOfTheWeekAndEveryChangeIsAudited() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    String page = engineer.get("/districts/" + EDITED + "/nightly").body();
    assertThat(page).contains("Save expected nights").contains("nights-students-SATURDAY");
    List<DataSet> sets =
        new ArrayList<>(hub.bean(Onboarding.class).expectedDataSets(district(EDITED)));
    List<Map.Entry<String, String>> form = new ArrayList<>();
    for (DataSet ds : sets) {
      EnumSet<DayOfWeek> days =
          ds == DataSet.STUDENTS
              ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
              : ds == DataSet.TEACHERS
                  ? EnumSet.noneOf(DayOfWeek.class)
                  : EnumSet.allOf(DayOfWeek.class);
      days.forEach(day -> form.add(Map.entry("nights-" + ds.id(), day.name())));
    }
    HttpResponse<String> post =
        engineer.postFields("/districts/" + EDITED + "/nightly/nights", form);
    assertThat(post.statusCode()).isEqualTo(302);
    assertThat(post.headers().firstValue("Location").orElse(""))
        .endsWith("/districts/" + EDITED + "/nightly");
    String after = engineer.get("/districts/" + EDITED + "/nightly").body();
    assertThat(after)
        .contains("Expected nights saved: students: Mon, Tue, Wed, Thu, Fri; teachers: no night.")
        .contains("never reported missing: teachers");
    var plan = hub.bean(Expectations.class).plan(district(EDITED));
    assertThat(plan.nights().get(Feed.whole(DataSet.STUDENTS)))
        .containsExactlyInAnyOrderElementsOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    assertThat(plan.nights()).doesNotContainKey(Feed.whole(DataSet.TEACHERS));
    assertThat(after).as("still listed, to turn on again").contains("nights-teachers-MONDAY");
    assertThat(audit("expectations.nights", "ok"))
        .containsExactly(
            ENGINEER + " students every night -> Mon, Tue, Wed, Thu, Fri",
            ENGINEER + " teachers every night -> no night");

    engineer.postFields("/districts/" + EDITED + "/nightly/nights", form);
    assertThat(engineer.get("/districts/" + EDITED + "/nightly").body())
        .contains("Nothing changed.");

    List<Map.Entry<String, String>> bad = new ArrayList<>(form);
    bad.add(Map.entry("nights-grades", "someday"));
    engineer.postFields("/districts/" + EDITED + "/nightly/nights", bad);
    assertThat(engineer.get("/districts/" + EDITED + "/nightly").body())
        .contains("&#39;someday&#39; is not a day of the week");
    assertThat(audit("expectations.nights", "refused")).hasSize(1);

    // Every night again: back to the default, which leaves no row behind.
    List<Map.Entry<String, String>> everyNight = new ArrayList<>();
    for (DataSet ds : sets) {
      for (DayOfWeek day : DayOfWeek.values()) {
        everyNight.add(Map.entry("nights-" + ds.id(), day.name()));
      }
    }
    engineer.postFields("/districts/" + EDITED + "/nightly/nights", everyNight);
    assertThat(
            hub.jdbc()
                .sql("select count(*) from expectation where district = ?")
                .param(EDITED)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void anEngineerAddsAndRemovesPauseWindowsAndWrongOnesAreRefused() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    engineer.get("/districts/" + EDITED + "/nightly");
    String add = "/districts/" + EDITED + "/nightly/pauses/add";
    Map<String, String> refusals =
        Map.of(
            "2027-08-01|2027-06-01|summer", "in that order",
            "2027-13-01|2027-08-01|summer", "The first night &#39;2027-13-01&#39; is not a date",
            "2027-06-01||summer", "Give the last night",
            "2027-06-01|2027-08-01| ", "Say why the district pauses",
            "2027-06-01|2028-08-01|summer", "check the years");
    for (Map.Entry<String, String> r : refusals.entrySet()) {
      String[] f = r.getKey().split("\\|", -1);
      HttpResponse<String> post =
          engineer.post(add, Map.of("starts", f[0], "ends", f[1], "reason", f[2]));
      assertThat(post.statusCode()).isEqualTo(302);
      assertThat(engineer.get("/districts/" + EDITED + "/nightly").body())
          .as(r.getKey())
          .contains("The pause was not added: ")
          .contains(r.getValue());
    }
    assertThat(hub.bean(Expectations.class).pauses(EDITED)).isEmpty();
    assertThat(audit("expectations.pause.add", "refused")).hasSize(refusals.size());

    engineer.post(add, Map.of("starts", "2027-06-05", "ends", "2027-08-08", "reason", " summer "));
    String page = engineer.get("/districts/" + EDITED + "/nightly").body();
    assertThat(page)
        .contains("Paused from 2027-06-05 to 2027-08-08: summer. Nothing alerts then.")
        .contains("Sat 2027-06-05")
        .contains("Sun 2027-08-08");
    List<Pause> pauses = hub.bean(Expectations.class).pauses(EDITED);
    assertThat(pauses)
        .extracting(p -> p.starts() + " " + p.ends() + " " + p.reason() + " " + p.createdBy())
        .containsExactly("2027-06-05 2027-08-08 summer " + ENGINEER);
    long id = pauses.get(0).id();
    assertThat(audit("expectations.pause.add", "ok"))
        .containsExactly(ENGINEER + " pause " + id + " 2027-06-05 to 2027-08-08: summer");

    // A contact can neither add nor remove one: the same 404 as a page that does not exist.
    PortalClient contact = signedIn(CONTACT);
    assertThat(
            contact
                .post(
                    "/districts/" + D + "/nightly/pauses/add",
                    Map.of("starts", "2027-06-05", "ends", "2027-08-08", "reason", "summer"))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            contact
                .post("/districts/" + EDITED + "/nightly/pauses/remove", Map.of("id", "" + id))
                .statusCode())
        .isEqualTo(404);
    assertThat(contact.post("/districts/" + D + "/nightly/nights", Map.of()).statusCode())
        .isEqualTo(404);
    assertThat(hub.bean(Expectations.class).pauses(EDITED)).hasSize(1);
    assertThat(hub.bean(Expectations.class).pauses(D)).isEmpty();

    String remove = "/districts/" + EDITED + "/nightly/pauses/remove";
    // Another district's pause id is not this district's.
    long elsewhere =
        hub.bean(Expectations.class)
            .addPause(D, LocalDate.of(2027, 6, 1), LocalDate.of(2027, 6, 2), "x", ENGINEER);
    engineer.post(remove, Map.of("id", "" + elsewhere));
    assertThat(engineer.get("/districts/" + EDITED + "/nightly").body())
        .contains("The pause was not removed: No such pause of this district.");
    assertThat(hub.bean(Expectations.class).pauses(D)).hasSize(1);
    hub.bean(Expectations.class).removePause(D, elsewhere);

    engineer.post(remove, Map.of("id", "" + id));
    assertThat(engineer.get("/districts/" + EDITED + "/nightly").body())
        .contains("Pause removed (2027-06-05 to 2027-08-08: summer).")
        .contains("No pause windows");
    assertThat(hub.bean(Expectations.class).pauses(EDITED)).isEmpty();
    assertThat(audit("expectations.pause.remove", "ok"))
        .containsExactly(ENGINEER + " pause " + id + " 2027-06-05 to 2027-08-08: summer");
  }
}
