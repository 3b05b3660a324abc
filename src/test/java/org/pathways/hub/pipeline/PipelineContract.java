package org.pathways.hub.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;

/** The snapshot behaviour of the pipeline, run on each store. */
abstract class PipelineContract extends StoreContract {

  private static final AtomicInteger DISTRICTS = new AtomicInteger();

  String newDistrict() {
    String code =
        "d" + DISTRICTS.incrementAndGet() + "-" + store().name().toLowerCase(java.util.Locale.ROOT);
    hub.addDistrict(code, State.TX, "standard");
    return code;
  }

  @Test
  void firstFileLoadsEveryRow() throws Exception {
    String d = newDistrict();
    RunSummary r = hub.ingestOne(d, "students.txt", Sample.students(20));
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(r.dataSet()).isEqualTo("students");
    assertThat(r.added()).isEqualTo(20);
    assertThat(r.errors()).isZero();
    assertThat(hub.count(d, "students")).isEqualTo(20);
    Map<String, Object> first =
        hub.jdbc()
            .sql(
                "select student_id, state_student_id, birth_date::text bd, grade_level from students where district = ? and student_id = '1001'")
            .param(d)
            .query()
            .singleRow();
    assertThat(first)
        .containsEntry("state_student_id", "6000000000")
        .containsEntry("bd", "2009-01-10")
        .containsEntry("grade_level", "09");
  }

  @Test
  void nextNightCountsAddedUpdatedUnchangedDeactivated() throws Exception {
    String d = newDistrict();
    hub.ingestOne(d, "students.txt", Sample.students(20));
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(21));
    rows.remove(0); // student 1001 left
    rows.set(0, rows.get(0).replace("|10|", "|11|")); // 1002 moved up a grade
    RunSummary r =
        hub.ingestOne(
            d, "students_20261129.txt", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(r.added(), r.updated(), r.unchanged(), r.deactivated()))
        .containsExactly(1L, 1L, 18L, 1L);
    assertThat(hub.count(d, "students")).isEqualTo(20);
    assertThat(
            hub.jdbc()
                .sql("select live from students where district = ? and student_id = '1001'")
                .param(d)
                .query(Boolean.class)
                .single())
        .isFalse();
  }

  @Test
  void aRunHandedOverAgainAfterItFinishedIsLeftAloneAndNotCountedAsAnAttempt() throws Exception {
    String d = newDistrict();
    RunSummary r = hub.ingestOne(d, "students.txt", Sample.students(5));

    // The queue's poll and the direct hand-over can both reach a run; the second finds it done.
    assertThat(hub.bean(RunProcessor.class).process(r.runId(), read -> {})).isEmpty();

    assertThat(
            hub.jdbc()
                .sql("select attempts from ingest_run where id = ?")
                .param(r.runId())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aNewerFileHandedOverWaitsForAnOlderOneOfTheSameDataStillWaiting() throws Exception {
    String d = newDistrict();
    IngestService ingest = hub.bean(IngestService.class);
    // Monday's students file is received but not yet loaded (its attempt failed, or another node
    // holds it); Tuesday's, with one student more, is handed straight to the worker.
    List<Long> monday =
        ingest.receive(
            ingest.now(d, "students_20261130.txt", "test"),
            new java.io.ByteArrayInputStream(Sample.students(20).getBytes(UTF_8)));
    List<Long> tuesday =
        ingest.receive(
            ingest.now(d, "students_20261201.txt", "test"),
            new java.io.ByteArrayInputStream(Sample.students(21).getBytes(UTF_8)));
    // A course crosswalk of a later file is another data set: it does not wait.
    List<Long> courses =
        ingest.receive(
            ingest.now(d, "course_crosswalk_20261201.txt", "test"),
            new java.io.ByteArrayInputStream(Sample.COURSES.getBytes(UTF_8)));

    assertThat(ingest.process(tuesday, read -> {}))
        .extracting(RunSummary::status)
        .containsExactly(RunStatus.RECEIVED);
    assertThat(ingest.process(courses, read -> {}))
        .extracting(RunSummary::status)
        .containsExactly(RunStatus.LOADED);
    assertThat(hub.count(d, "students")).isZero();

    // The queue takes the district's files in the order they came: Monday's, then Tuesday's.
    hub.bean(org.pathways.hub.receive.Intake.class).processWaiting();
    assertThat(List.of(status(monday.get(0)), status(tuesday.get(0))))
        .containsExactly(RunStatus.LOADED, RunStatus.LOADED);
    assertThat(
            hub.jdbc()
                .sql("select count(*) from students where district = ? and live")
                .param(d)
                .query(Long.class)
                .single())
        .isEqualTo(21);
    assertThat(
            hub.jdbc()
                .sql("select attempts from ingest_run where id = ?")
                .param(tuesday.get(0))
                .query(Integer.class)
                .single())
        .as("waiting its turn is not an attempt")
        .isEqualTo(1);
  }

  private RunStatus status(long runId) {
    return RunStatus.valueOf(
        hub.jdbc()
            .sql("select status from ingest_run where id = ?")
            .param(runId)
            .query(String.class)
            .single());
  }

  @Test
  void sameFileTwiceIsRecognisedAndNotAppliedAgain() throws Exception {
    String d = newDistrict();
    RunSummary first = hub.ingestOne(d, "students.txt", Sample.students(5));
    RunSummary again = hub.ingestOne(d, "students.txt", Sample.students(5));
    assertThat(again.status()).isEqualTo(RunStatus.DUPLICATE);
    assertThat(again.issues()).extracting(i -> i.code()).containsExactly(IssueCode.DUPLICATE_FILE);
    assertThat(again.issues().get(0).message()).contains("run " + first.runId());
    long lastRuns =
        hub.jdbc()
            .sql("select count(distinct last_run) from students where district = ?")
            .param(d)
            .query(Long.class)
            .single();
    assertThat(lastRuns).isEqualTo(1);
  }

  @Test
  void volumeGuardHoldsATruncatedFileAndReleaseAppliesIt() throws Exception {
    String d = newDistrict();
    hub.ingestOne(d, "students.txt", Sample.students(40));
    RunSummary held = hub.ingestOne(d, "students.txt", Sample.students(30));
    assertThat(held.status()).isEqualTo(RunStatus.HELD);
    assertThat(held.deactivated()).isEqualTo(10);
    assertThat(held.issues()).extracting(i -> i.code()).contains(IssueCode.VOLUME_GUARD);
    assertThat(held.issues().get(0).message()).contains("10 of 40").contains("25.0%");
    assertThat(hub.count(d, "students")).isEqualTo(40);

    RunSummary released =
        hub.bean(HeldRuns.class)
            .release(held.runId(), "engineer@pathways", "district confirmed 10 withdrawals");
    assertThat(released.status()).isEqualTo(RunStatus.RELEASED);
    assertThat(hub.count(d, "students")).isEqualTo(30);
    assertThat(
            hub.jdbc()
                .sql("select decided_by || ': ' || decision_reason from ingest_run where id = ?")
                .param(held.runId())
                .query(String.class)
                .single())
        .isEqualTo("engineer@pathways: district confirmed 10 withdrawals");
  }

  @Test
  void gradesInTwoPartsReplaceOnlyTheirOwnScope() throws Exception {
    String d = newDistrict();
    hub.ingestOne(d, "students.txt", Sample.students(3));
    hub.ingestOne(d, "course_crosswalk.txt", Sample.COURSES);
    RunSummary history =
        hub.ingestOne(
            d,
            "grades_history.txt",
            Sample.grades(
                "1001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                "1001|2026|S2|ENG1|255901001|B|85|0.5|0.5|FINAL"));
    assertThat(history.status()).isEqualTo(RunStatus.LOADED);
    assertThat(history.part()).isEqualTo("history");
    RunSummary current =
        hub.ingestOne(
            d,
            "grades_current.txt",
            Sample.grades("1001|2027|S1|ALG1|255901001|A|93|0.5|0|IN_PROGRESS"));
    assertThat(current.status()).isEqualTo(RunStatus.LOADED);
    assertThat(current.deactivated()).isZero();
    assertThat(hub.count(d, "grades")).isEqualTo(3);
    // The next current file without the ALG1 row removes it, and leaves the final grades alone.
    RunSummary next =
        hub.ingestOne(
            d,
            "grades_current.txt",
            Sample.grades("1002|2027|S1|BIO|255901001|B|88|0.5|0|IN_PROGRESS"));
    assertThat(next.deactivated()).isEqualTo(1);
    assertThat(hub.count(d, "grades")).isEqualTo(3);
  }

  @Test
  void aRejectedFileLeavesThePreviousSnapshotLive() throws Exception {
    String d = newDistrict();
    hub.ingestOne(d, "students.txt", Sample.students(10));
    List<Map<String, Object>> before = hub.live(d, "students");
    List<String> rows = new java.util.ArrayList<>(Sample.studentRows(10));
    rows.set(4, rows.get(4).replace("2009-05-14", "2009-02-30"));
    rows.set(1, rows.get(1).replace("|10|", "|11|"));
    RunSummary r =
        hub.ingestOne(d, "students.txt", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(r.issues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.code()).isEqualTo(IssueCode.INVALID_DATE);
              assertThat(i.line()).isEqualTo(6);
              assertThat(i.column()).isEqualTo("birth_date");
              assertThat(i.value()).isEqualTo("2009-02-30");
            });
    assertThat(hub.live(d, "students")).isEqualTo(before);
  }
}
