package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * A district's calendar and row counts over ten nights around the autumn clock change, from files
 * whose arrival times are set by the test: on time, late, missing, rejected, paused, not expected,
 * before the first file, and a night as it was recorded at its deadline.
 */
class HistoryTest {

  static final String D = "history-isd";
  static final String QUIET = "quiet-isd";

  /** Friday 2026-11-06, noon Central (CST): the last night whose deadline passed is Thursday's. */
  static final Instant AT = Instant.parse("2026-11-06T18:00:00Z");

  static TestHub hub;
  static History history;
  static District district;
  static Map<String, Long> runs = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    hub.addDistrict(D, State.TX, "standard");
    hub.addDistrict(QUIET, State.TX, "standard");
    history = hub.bean(History.class);
    district = hub.bean(DistrictRepository.class).find(D).orElseThrow();
    Expectations expectations = hub.bean(Expectations.class);
    expectations.setNights(
        D,
        Feed.whole(DataSet.TEACHERS),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        "engineer@hub.test");

    // Friday 10-30: 01:30 CDT on Saturday, before the 02:00 deadline.
    at("oct30", "students.txt", Sample.students(3), "2026-10-31T06:30:00Z");
    // Saturday 10-31, the 25-hour night: the second 01:30 (CST) is still on time.
    at("oct31", "students.txt", Sample.students(4), "2026-11-01T07:30:00Z");
    // Sunday 11-01: nothing. Monday 11-02: 03:00 CST, an hour late, loaded.
    at("nov2", "students.txt", Sample.students(5), "2026-11-03T09:00:00Z");
    // Tuesday 11-03: a file without most of its columns, rejected.
    RunSummary empty = hub.ingestOne(D, "students.txt", "student_id|first_name\n1001|Ann\n");
    assertThat(empty.status()).isEqualTo(RunStatus.REJECTED);
    move(empty.runId(), "2026-11-04T07:00:00Z");
    runs.put("nov3", empty.runId());
    // Wednesday 11-04, paused: Monday's file again, recognised and not loaded again.
    RunSummary again = hub.ingestOne(D, "students.txt", Sample.students(5));
    assertThat(again.status()).isEqualTo(RunStatus.DUPLICATE);
    move(again.runId(), "2026-11-05T06:00:00Z");
    // Thursday 11-05: sent twice; the second file is the one that counts.
    at("nov5a", "students.txt", Sample.students(6), "2026-11-06T06:00:00Z");
    at("nov5b", "students.txt", Sample.students(7), "2026-11-06T07:00:00Z");
    expectations.addPause(
        D, LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 4), "ISP outage", "engineer@hub.test");
    // What was recorded at Thursday's deadline stands, whatever is judged now (the file was still
    // being processed then); teachers were not expected then.
    hub.jdbc()
        .sql(
            "insert into night_status (district, night, dataset, state, run_id, reason, evaluated_at)"
                + " values (?, ?, 'students', 'PROCESSING', ?, 'recorded at the deadline', ?)")
        .params(
            D,
            LocalDate.of(2026, 11, 5),
            runs.get("nov5b"),
            Timestamp.from(Instant.parse("2026-11-06T08:01:00Z")))
        .update();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static void at(String name, String file, String content, String receivedAt) throws Exception {
    RunSummary r = hub.ingestOne(D, file, content);
    assertThat(r.status()).as(name).isEqualTo(RunStatus.LOADED);
    move(r.runId(), receivedAt);
    runs.put(name, r.runId());
  }

  /** Sets when a run's file was received, as if it had come then. */
  static void move(long runId, String receivedAt) {
    hub.jdbc()
        .sql(
            "update received_file set received_at = ? where id ="
                + " (select received_file_id from ingest_run where id = ?)")
        .params(Timestamp.from(Instant.parse(receivedAt)), runId)
        .update();
  }

  static Map<LocalDate, NightCalendar.Cell> row(NightCalendar c, DataSet ds) {
    return c.rows().stream()
        .filter(r -> r.feed().dataSet() == ds)
        .findFirst()
        .orElseThrow()
        .cells()
        .stream()
        .collect(Collectors.toMap(NightCalendar.Cell::night, x -> x));
  }

  static LocalDate nov(int day) {
    return LocalDate.of(2026, 11, day);
  }

  @Test
  void eachCellHasTheStateOfItsNightAndDataSet() {
    NightCalendar c = history.calendar(district, 10, AT);
    assertThat(c.first()).isEqualTo(LocalDate.of(2026, 10, 27));
    assertThat(c.last()).isEqualTo(nov(5));
    assertThat(c.days()).hasSize(10);
    assertThat(c.watchedFrom()).isEqualTo(LocalDate.of(2026, 10, 30));

    Map<LocalDate, NightCalendar.Cell> students = row(c, DataSet.STUDENTS);
    assertThat(students.get(LocalDate.of(2026, 10, 27)).kind()).isEqualTo("NONE");
    assertThat(students.get(LocalDate.of(2026, 10, 29)).reason())
        .contains("Not watched yet")
        .contains("2026-10-30");
    assertThat(students.get(LocalDate.of(2026, 10, 30)).state()).isEqualTo(NightState.OK);
    assertThat(students.get(LocalDate.of(2026, 10, 30)).runId()).isEqualTo(runs.get("oct30"));
    assertThat(students.get(LocalDate.of(2026, 10, 31)).state()).isEqualTo(NightState.OK);
    assertThat(students.get(nov(1)).state()).isEqualTo(NightState.MISSING);
    assertThat(students.get(nov(1)).runId()).isNull();
    assertThat(students.get(nov(2)).state()).isEqualTo(NightState.LATE);
    assertThat(students.get(nov(2)).runId()).isEqualTo(runs.get("nov2"));
    assertThat(students.get(nov(2)).reason()).contains("60 minutes after");
    assertThat(students.get(nov(3)).state()).isEqualTo(NightState.FAILED);
    assertThat(students.get(nov(3)).runId()).isEqualTo(runs.get("nov3"));
    assertThat(students.get(nov(4)).state()).isEqualTo(NightState.PAUSED);
    assertThat(students.get(nov(4)).reason()).contains("ISP outage");
    assertThat(students.get(nov(4)).live()).isTrue();
    assertThat(students.get(nov(5)).state()).isEqualTo(NightState.PROCESSING);
    assertThat(students.get(nov(5)).reason()).isEqualTo("recorded at the deadline");
    assertThat(students.get(nov(5)).runId()).isEqualTo(runs.get("nov5b"));
    assertThat(students.get(nov(5)).live()).isFalse();

    Map<LocalDate, NightCalendar.Cell> teachers = row(c, DataSet.TEACHERS);
    // Weekdays only: Saturday and Sunday nights expect nothing.
    assertThat(teachers.get(LocalDate.of(2026, 10, 31)).kind()).isEqualTo("NONE");
    assertThat(teachers.get(nov(1)).reason()).isEqualTo("Not expected on Sunday nights");
    assertThat(teachers.get(nov(2)).state()).isEqualTo(NightState.MISSING);
    assertThat(teachers.get(nov(5)).kind()).isEqualTo("NONE");
    assertThat(teachers.get(nov(5)).reason()).startsWith("Nothing recorded");

    assertThat(c.rows())
        .extracting(r -> r.feed().dataSet().loadOrder())
        .as("in load order")
        .isSorted();
    assertThat(c.nights()).extracting(DistrictNight::night).startsWith(LocalDate.of(2026, 10, 30));
  }

  @Test
  void aNightIsJudgedAsItStoodAtTheMomentAsked() {

    // At 02:30 CST on Tuesday, Monday's students file (03:00) had not come: missing then.
    NightCalendar c = history.calendar(district, 3, Instant.parse("2026-11-03T08:30:00Z"));
    assertThat(c.last()).isEqualTo(nov(2));
    assertThat(row(c, DataSet.STUDENTS).get(nov(2)).state()).isEqualTo(NightState.MISSING);
  }

  @Test
  void aDistrictThatSentNothingIsNotJudged() {
    District quiet = hub.bean(DistrictRepository.class).find(QUIET).orElseThrow();
    NightCalendar c = history.calendar(quiet, 90, AT);
    assertThat(c.watchedFrom()).isNull();
    assertThat(c.nights()).isEmpty();
    assertThat(c.rows()).isNotEmpty();
    assertThat(c.rows())
        .allSatisfy(r -> assertThat(r.cells()).allSatisfy(x -> assertThat(x.state()).isNull()));
    assertThat(history.rowCounts(quiet, 90, AT).counts()).isEmpty();
  }

  @Test
  void rowCountsAreTheLastLoadedFileOfEachNight() {
    RowCounts counts = history.rowCounts(district, 10, AT);
    assertThat(counts.from()).isEqualTo(LocalDate.of(2026, 10, 27));
    assertThat(counts.to()).isEqualTo(nov(5));
    assertThat(counts.dataSets()).containsExactly(DataSet.STUDENTS);
    assertThat(counts.counts())
        .extracting(x -> x.night() + " " + x.rowsRead() + " " + x.added() + " " + x.files())
        .containsExactly(
            "2026-10-30 3 3 1",
            "2026-10-31 4 1 1",
            // Late, but loaded: counted for the night it was meant for.
            "2026-11-02 5 1 1",
            // The rejected file of 11-03 loaded nothing; the same file again on 11-04 held the
            // same rows, none added; of 11-05's two files the last counts.
            "2026-11-04 5 0 1",
            "2026-11-05 7 1 1");
    assertThat(counts.on(nov(3), DataSet.STUDENTS)).isEmpty();
    assertThat(history.rowCounts(district, 2, AT).counts())
        .extracting(RowCounts.Count::night)
        .containsExactly(nov(4), nov(5));
  }

  @Test
  void aStretchOfNightsMustBeReasonable() {
    assertThatThrownBy(() -> history.calendar(district, 0, AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> history.rowCounts(district, History.MAX_NIGHTS + 1, AT))
        .hasMessageContaining("1 to " + History.MAX_NIGHTS);
    assertThat(history.calendar(district, 1, AT).days()).containsExactly(nov(5));
  }
}
