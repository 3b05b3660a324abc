package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Expectations per part of a data set (PowerSchool sends grades as stored grades and current-term
 * grades, often on different schedules) and the semester ends of a district that uploads by hand.
 */
class ExpectationsTest {

  static final String PS = "ps-parts-isd";
  static final String STD = "std-whole-isd";
  static final String HAND = "by-hand-isd";
  static final Feed HISTORY = new Feed(DataSet.GRADES, "history");
  static final Feed CURRENT = new Feed(DataSet.GRADES, "current");

  static TestHub hub;
  static Expectations expectations;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    hub.addDistrict(PS, State.TX, "powerschool-tx");
    hub.addDistrict(STD, State.TX, "standard");
    hub.addDistrict(HAND, State.IN, "harmony-in");
    expectations = hub.bean(Expectations.class);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static District district(String code) {
    return hub.bean(DistrictRepository.class).find(code).orElseThrow();
  }

  @Test
  void aDataSetAProfileReadsOnlyInPartsIsExpectedPartByPart() {
    assertThat(expectations.feeds(district(PS)))
        .extracting(Feed::id)
        .containsExactly(
            "students",
            "teachers",
            "users",
            "course_crosswalk",
            "grades-history",
            "grades-current",
            "gpa",
            "ibc",
            "course_requests");
    assertThat(expectations.feeds(district(STD)))
        .as("the standard layout also reads grades as one file: expected as a whole")
        .contains(Feed.whole(DataSet.GRADES))
        .doesNotContain(HISTORY, CURRENT);
    assertThat(Feed.byId("grades-history")).contains(HISTORY);
    assertThat(Feed.byId("course_crosswalk")).contains(Feed.whole(DataSet.COURSE_CROSSWALK));
    assertThat(HISTORY.label()).isEqualTo("grades (history)");
  }

  @Test
  void eachPartHasItsOwnNightsAndFollowsItsDataSetsRowUntilGivenOne() {
    String code = "ps-rows-isd";
    hub.addDistrict(code, State.TX, "powerschool-tx");
    District d = district(code);
    // A row for the whole data set, as stored before the profile's parts were expected apart.
    hub.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql(
            "insert into expectation (district, dataset, nights, updated_by, updated_at)"
                + " values (?, 'grades', 'MON,TUE,WED,THU,FRI', 'test', now())")
        .param(code)
        .update();
    Map<Feed, java.util.Set<DayOfWeek>> nights = expectations.plan(d).nights();
    assertThat(nights.get(HISTORY)).hasSize(5).doesNotContain(DayOfWeek.SATURDAY);
    assertThat(nights.get(CURRENT)).hasSize(5);

    expectations.setNights(code, HISTORY, EnumSet.of(DayOfWeek.SUNDAY), "test");
    expectations.setNights(code, CURRENT, NightPlan.EVERY_NIGHT, "test");
    nights = expectations.plan(d).nights();
    assertThat(nights.get(HISTORY)).containsExactly(DayOfWeek.SUNDAY);
    assertThat(nights.get(CURRENT))
        .as("every night, although the data set's row says weekdays")
        .isEqualTo(NightPlan.EVERY_NIGHT);
  }

  @Test
  void aPartIsJudgedByItsOwnFiles(@TempDir Path dir) throws Exception {
    District d = district(PS);
    expectations.setNights(PS, HISTORY, EnumSet.of(DayOfWeek.SUNDAY), "test");
    GenerateSummary written =
        NativeWriter.dated(LocalDate.of(2026, 11, 1))
            .write(
                hub.bean(ProfileCatalog.class).get("powerschool-tx"),
                new DistrictGenerator(State.TX, 25, 77, LocalDate.of(2026, 11, 1)).generate(),
                dir);
    // Sunday night 11-08: everything but the stored grades, at 23:00 Central.
    Instant sunday = central(LocalDate.of(2026, 11, 8), LocalTime.of(23, 0));
    for (GenerateSummary.WrittenFile f : written.files()) {
      if (!"history".equals(f.part())) {
        hub.ingestAt(
            PS,
            f.fileName(),
            Files.readString(written.outDir().resolve(f.fileName()), StandardCharsets.UTF_8),
            sunday);
      }
    }
    // Monday night 11-09: the current grades again; the stored grades are not due on Mondays.
    GenerateSummary.WrittenFile current =
        written.files().stream().filter(f -> "current".equals(f.part())).findFirst().orElseThrow();
    hub.ingestAt(
        PS,
        current.fileName(),
        Files.readString(written.outDir().resolve(current.fileName()), StandardCharsets.UTF_8),
        central(LocalDate.of(2026, 11, 9), LocalTime.of(23, 0)));

    NightlyEvaluation evaluation = hub.bean(NightlyEvaluation.class);
    Instant later = Instant.parse("2026-11-20T12:00:00Z");
    Map<String, DataSetNight> sun = byFeed(evaluation.judge(d, LocalDate.of(2026, 11, 8), later));
    assertThat(sun.get("grades-history").state())
        .as("the current grades do not stand in for the stored grades")
        .isEqualTo(NightState.MISSING);
    assertThat(sun.get("grades-history").reason())
        .startsWith("No grades (history) file arrived by the Mon 02:00 CST deadline");
    assertThat(sun.get("grades-current").state()).isNotEqualTo(NightState.MISSING);
    assertThat(sun.get("grades-current").runId()).isNotNull();

    Map<String, DataSetNight> mon = byFeed(evaluation.judge(d, LocalDate.of(2026, 11, 9), later));
    assertThat(mon).doesNotContainKey("grades-history").containsKey("grades-current");
    assertThat(mon.get("grades-current").state()).isNotEqualTo(NightState.MISSING);
  }

  @Test
  void aDistrictThatUploadsByHandHasItsOwnSemesterEnds() {
    District d = district(HAND);
    hub.bean(Onboarding.class).saveSettings(d, TransferMethod.MANUAL, null, 3, "test");
    assertThat(expectations.plan(d).semesterEnds()).isEqualTo(NightPlan.SEMESTER_ENDS);

    List<MonthDay> ends = Expectations.monthDays("5/28, 12-18 ; 03-10");
    assertThat(expectations.setSemesterEnds(HAND, ends, "test"))
        .containsExactly(MonthDay.of(3, 10), MonthDay.of(5, 28), MonthDay.of(12, 18));
    NightPlan plan = expectations.plan(d);
    assertThat(plan.dueOn(LocalDate.of(2026, 12, 18))).isNotEmpty();
    assertThat(plan.dueOn(LocalDate.of(2026, 12, 20))).as("no longer a semester end").isEmpty();
    assertThat(plan.windowStart(LocalDate.of(2027, 3, 10))).isEqualTo(LocalDate.of(2026, 12, 18));

    assertThatThrownBy(() -> Expectations.monthDays("12-20, 02-30"))
        .hasMessage("'02-30' is not a month and day: write 12-20 for December 20");
    assertThatThrownBy(() -> expectations.setSemesterEnds(HAND, List.of(), "test"))
        .hasMessageStartingWith("Give at least one semester end");
    assertThatThrownBy(
            () ->
                expectations.setSemesterEnds(
                    HAND, Expectations.monthDays("1-1 3-1 5-1 8-1 12-1"), "test"))
        .hasMessage("At most 4 semester ends a year, not 5");
    assertThat(expectations.semesterEnds(HAND)).hasSize(3);

    expectations.setSemesterEnds(HAND, Expectations.monthDays("12-20, 05-31"), "test");
    assertThat(
            hub.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("select count(*) from expectation_semester where district = ?")
                .param(HAND)
                .query(Integer.class)
                .single())
        .as("the defaults are no row")
        .isZero();
  }

  private static Map<String, DataSetNight> byFeed(DistrictNight n) {
    return n.sets().stream().collect(Collectors.toMap(s -> s.feed().id(), s -> s));
  }

  private static Instant central(LocalDate day, LocalTime time) {
    return ZonedDateTime.of(LocalDateTime.of(day, time), Nights.CENTRAL).toInstant();
  }
}
