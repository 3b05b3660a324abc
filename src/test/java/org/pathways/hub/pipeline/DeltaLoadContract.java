package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;

/**
 * A night that resends most records unchanged: only the changed records are written, and the
 * snapshot ends exactly where a first load of the same file would put it. Run on each store.
 */
abstract class DeltaLoadContract extends StoreContract {

  private static final AtomicInteger DISTRICTS = new AtomicInteger();

  @TempDir static Path dir;

  private GenerateSummary generated;
  private String header;
  private List<String> history;

  /** The generated current part's rows, without its header. */
  private List<String> current;

  @BeforeAll
  void generate() throws Exception {
    LocalDate day = LocalDate.of(2026, 11, 1);
    generated =
        NativeWriter.dated(day)
            .write(
                hub.bean(ProfileCatalog.class).get("standard"),
                new DistrictGenerator(State.TX, 40, 11, day).generate(),
                dir);
    List<String> lines = Files.readAllLines(file(DataSet.GRADES, "history"));
    header = lines.get(0);
    history = List.copyOf(lines.subList(1, lines.size()));
    List<String> currentLines = Files.readAllLines(file(DataSet.GRADES, "current"));
    current = List.copyOf(currentLines.subList(1, currentLines.size()));
  }

  private Path file(DataSet set, String part) {
    return generated.files().stream()
        .filter(f -> f.dataSet() == set && java.util.Objects.equals(f.part(), part))
        .map(f -> generated.outDir().resolve(f.fileName()))
        .findFirst()
        .orElseThrow();
  }

  /** A district with the generated students and crosswalk loaded. */
  private String district() throws Exception {
    String code =
        "delta" + DISTRICTS.incrementAndGet() + "-" + store().name().toLowerCase(Locale.ROOT);
    hub.addDistrict(code, State.TX, "standard");
    for (DataSet set : List.of(DataSet.STUDENTS, DataSet.COURSE_CROSSWALK)) {
      assertThat(hub.ingest(code, file(set, null)))
          .extracting(RunSummary::status)
          .containsOnly(RunStatus.LOADED);
    }
    return code;
  }

  private RunSummary grades(String district, List<String> rows) throws Exception {
    return send(district, "grades_history_20261102.txt", rows);
  }

  /** Sends {@code rows} under the grades header as a file named {@code fileName}. */
  private RunSummary send(String district, String fileName, List<String> rows) throws Exception {
    return hub.ingestOne(district, fileName, header + "\n" + String.join("\n", rows) + "\n");
  }

  private int column(String name) {
    return List.of(header.split("\\|", -1)).indexOf(name);
  }

  /** A grade row's key values, as a duplicate's issue shows them. */
  private String keyOf(String row) {
    String[] f = row.split("\\|", -1);
    return Stream.of("student_id", "school_year", "term", "local_course_id", "section_id")
        .map(c -> f[column(c)])
        .collect(Collectors.joining(", "));
  }

  private String with(String row, String column, String value) {
    String[] f = row.split("\\|", -1);
    f[column(column)] = value;
    return String.join("|", f);
  }

  /** Each live grade's physical row version: it changes whenever the row is written. */
  private Map<String, String> versions(String district) {
    return byKey(district, "xmin::text");
  }

  /** Each live grade's line hash by its key, "null" where it has none. */
  private Map<String, String> lineHashes(String district) {
    return byKey(district, "coalesce(line_hash::text, 'null')");
  }

  /** A text of each live grade of the district, by its key. */
  private Map<String, String> byKey(String district, String value) {
    Map<String, String> out = new HashMap<>();
    hub.jdbc()
        .sql("select rec_key::text k, " + value + " v from grades where district = ?")
        .param(district)
        .query()
        .listOfRows()
        .forEach(r -> out.put((String) r.get("k"), (String) r.get("v")));
    return out;
  }

  /** The changes a run published to the feed. */
  private long published(RunSummary run) {
    return hub.publication(run.runId()).changes();
  }

  /** The live grades as their values, without what only says which run wrote them. */
  private List<Map<String, Object>> values(String district) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : hub.live(district, "grades")) {
      Map<String, Object> v = new HashMap<>(row);
      v.keySet().removeAll(Set.of("district", "first_run", "last_run"));
      out.add(v);
    }
    return out;
  }

  @Test
  void aNightlyResendWritesOnlyTheChangedRecordsAndEndsWhereAFirstLoadWould() throws Exception {
    String nightly = district();
    RunSummary first = grades(nightly, history);
    assertThat(first.status()).isEqualTo(RunStatus.LOADED);
    assertThat(first.added()).isEqualTo(history.size());

    List<String> next = new ArrayList<>();
    int changed = 0;
    int dropped = 0;
    for (int i = 0; i < history.size(); i++) {
      String row = history.get(i);
      if (i % 53 == 7) {
        dropped++;
        continue;
      }
      if (i % 40 == 20) {
        String grade = row.split("\\|", -1)[column("numeric_grade")];
        row = with(row, "numeric_grade", "71".equals(grade) ? "72" : "71");
        changed++;
      }
      next.add(row);
    }
    Set<String> sections = new HashSet<>();
    for (String row : history) {
      sections.add(row.split("\\|", -1)[column("section_id")]);
    }
    assertThat(sections).as("sections the new rows must not reuse").doesNotContain("97");
    for (int i = 0; i < 5; i++) {
      next.add(with(history.get(i * 17), "section_id", "97"));
    }
    // Another export order, as a SIS gives when its query plan changes.
    Collections.shuffle(next, new Random(5));
    Map<String, String> before = versions(nightly);

    RunSummary delta = grades(nightly, next);

    assertThat(delta.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(delta.added(), delta.updated(), delta.deactivated(), delta.unchanged()))
        .containsExactly(
            5L, (long) changed, (long) dropped, (long) (history.size() - dropped - changed));
    Map<String, String> after = versions(nightly);
    long rewritten =
        after.keySet().stream()
            .filter(before::containsKey)
            .filter(k -> !before.get(k).equals(after.get(k)))
            .count();
    long appeared = after.keySet().stream().filter(k -> !before.containsKey(k)).count();
    long gone = before.keySet().stream().filter(k -> !after.containsKey(k)).count();
    assertThat(List.of(rewritten, appeared, gone))
        .as("rows physically written: updated, inserted, deleted")
        .containsExactly((long) changed, 5L, (long) dropped);

    String fresh = district();
    assertThat(grades(fresh, next).added()).isEqualTo(next.size());
    assertThat(values(nightly)).isEqualTo(values(fresh));
  }

  @Test
  void aRecordSentTwiceInAResendIsReportedAgainstItsFirstLineAndNothingChanges() throws Exception {
    resendRepeating(with(history.get(10), "numeric_grade", "55"));
  }

  @Test
  void aLineRepeatedWordForWordIsReportedWithTheValuesOfItsKey() throws Exception {
    // Both lines are recognised by their text, never parsed: the key's values come from the
    // live record they repeat.
    resendRepeating(history.get(10));
  }

  @Test
  void everyRepeatedLineTheRunReportsCarriesTheValuesOfItsKey() throws Exception {
    // The whole history twice: every line of the second copy repeats a live record word for
    // word, more repeats than a run keeps issues of one code.
    RunSummary r = resendRejected(history);

    // Every issue the run keeps, not the summary's first hundred.
    List<Issue> dups =
        hub.bean(RunStore.class).issues(r.runId(), Integer.MAX_VALUE).stream()
            .filter(i -> i.code() == IssueCode.DUPLICATE_KEY)
            .toList();
    assertThat(dups).hasSizeGreaterThan(100);
    for (Issue dup : dups) {
      // Line 1 is the header: the second copy of history row i is on line size + i + 2.
      int row = (int) dup.line() - history.size() - 2;
      assertThat(dup.value()).as("line %d", dup.line()).isEqualTo(keyOf(history.get(row)));
      assertThat(dup.message()).contains("of line " + (row + 2));
    }
  }

  /**
   * Loads the history into a new district, then resends it with {@code extra} at its end: the run
   * is rejected and no live grade changes.
   */
  private RunSummary resendRejected(List<String> extra) throws Exception {
    String d = district();
    grades(d, history);
    Map<String, String> before = versions(d);
    List<String> next = new ArrayList<>(history);
    next.addAll(extra);

    RunSummary r = grades(d, next);

    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(versions(d)).isEqualTo(before);
    return r;
  }

  /**
   * Loads the history, then resends it with {@code repeat} (a row of history record 10) added at
   * its end: rejected for the repeated key, reported against record 10's line with the key's
   * values, and nothing changed.
   */
  private void resendRepeating(String repeat) throws Exception {
    RunSummary r = resendRejected(List.of(repeat));

    Issue dup =
        r.issues().stream()
            .filter(i -> i.code() == IssueCode.DUPLICATE_KEY)
            .findFirst()
            .orElseThrow();
    // Line 1 is the header, so the row at index i is on line i + 2: the repeat, after the
    // history, is on line size + 2.
    assertThat(dup.line()).isEqualTo(history.size() + 2);
    assertThat(dup.message()).contains("of line 12");
    assertThat(dup.value()).isEqualTo(keyOf(history.get(10)));
  }

  @Test
  void aDistrictThatSkipsBadRowsLoadsARepeatedRecordOnceFromItsFirstRow() throws Exception {
    String d = district();
    hub.bean(DistrictRepository.class).setProfileOverride(d, "tolerance: SKIP_ROWS\n");
    List<String> night1 = new ArrayList<>(history);
    night1.add(with(history.get(3), "numeric_grade", "55"));
    // A record of its own (no section 97 in the file) whose only row is bad.
    night1.add(with(with(history.get(0), "section_id", "97"), "numeric_grade", "ninety"));

    RunSummary first = grades(d, night1);

    assertThat(first.status()).isEqualTo(RunStatus.LOADED);
    assertThat(first.added()).isEqualTo(history.size());
    assertThat(first.issues())
        .extracting(Issue::code)
        .contains(IssueCode.DUPLICATE_KEY, IssueCode.INVALID_NUMBER);
    // Nothing was live: the repeat was found among the staged rows, which give its key's values.
    assertThat(first.issues())
        .filteredOn(i -> i.code() == IssueCode.DUPLICATE_KEY)
        .extracting(Issue::value)
        .containsExactly(keyOf(history.get(3)));
    String grade = history.get(3).split("\\|", -1)[column("numeric_grade")];
    assertThat(numericGrade(d, history.get(3))).isEqualTo(grade);
    List<Map<String, Object>> live = hub.live(d, "grades");
    assertThat(live).hasSize(history.size());
    assertThat(live).noneMatch(r -> "97".equals(r.get("section_id")));

    // The next night the record is live: the repeat is caught as it comes, and again skipped.
    List<String> night2 = new ArrayList<>(history);
    night2.set(0, with(history.get(0), "numeric_grade", "64"));
    night2.add(with(history.get(3), "numeric_grade", "56"));

    RunSummary second = grades(d, night2);

    assertThat(second.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(second.updated(), second.deactivated())).containsExactly(1L, 0L);
    assertThat(second.issues()).extracting(Issue::code).contains(IssueCode.DUPLICATE_KEY);
    assertThat(numericGrade(d, history.get(3))).isEqualTo(grade);
    assertThat(numericGrade(d, history.get(0))).isEqualTo("64");
  }

  @Test
  void aFirstFileOfOnlyBadRowsSkippedLeavesNoPartitionForTheNextFirstLoad() throws Exception {
    String d = district();
    hub.bean(DistrictRepository.class).setProfileOverride(d, "tolerance: SKIP_ROWS\n");
    List<String> bad =
        List.of(
            with(history.get(0), "numeric_grade", "ninety"),
            with(history.get(1), "numeric_grade", "eighty"));

    RunSummary skipped = grades(d, bad);

    assertThat(skipped.status()).isEqualTo(RunStatus.LOADED);
    assertThat(skipped.added()).isZero();
    assertThat(hub.live(d, "grades")).isEmpty();
    assertThat(
            hub.jdbc()
                .sql("select to_regclass(?)::text")
                .param("\"grades_" + d + "\"")
                .query(String.class)
                .optional())
        .isEmpty();

    RunSummary first = grades(d, history);

    assertThat(first.status()).isEqualTo(RunStatus.LOADED);
    assertThat(first.added()).isEqualTo(history.size());
    assertThat(hub.live(d, "grades")).hasSize(history.size());
  }

  private String numericGrade(String district, String row) {
    String[] f = row.split("\\|", -1);
    return hub.jdbc()
        .sql(
            "select numeric_grade::text from grades where district = ? and student_id = ?"
                + " and school_year::text = ? and term = ? and local_course_id = ?"
                + " and section_id is not distinct from ?")
        .param(district)
        .param(f[column("student_id")])
        .param(f[column("school_year")])
        .param(f[column("term")])
        .param(f[column("local_course_id")])
        .param(f[column("section_id")].isEmpty() ? null : f[column("section_id")])
        .query(String.class)
        .single()
        .replaceAll("\\.0+$", "");
  }

  @Test
  void aHeldResendShowsTheRecordsItWouldRemove() throws Exception {
    String d =
        "delta" + DISTRICTS.incrementAndGet() + "-" + store().name().toLowerCase(Locale.ROOT);
    hub.addDistrict(d, State.TX, "standard");
    hub.ingestOne(d, "students.txt", Sample.students(40));

    RunSummary held = hub.ingestOne(d, "students.txt", Sample.students(30));

    assertThat(held.status()).isEqualTo(RunStatus.HELD);
    List<String> removed =
        hub.bean(RunStore.class).examples(held.runId()).stream()
            .filter(e -> e.kind().equals("REMOVED"))
            .map(e -> e.values().get(0))
            .toList();
    List<String> expected = new ArrayList<>();
    for (int i = 31; i <= 40; i++) {
      expected.add(String.valueOf(1000 + i));
    }
    assertThat(removed).containsExactlyElementsOf(expected);
  }

  @Test
  void aFirstLoadRejectedForItsErrorsLeavesNothingLiveAndNothingInTheFeed() throws Exception {
    String d = district();
    List<String> rows = new ArrayList<>(history);
    // A record of its own (no section 97 in the file), with a grade that is not a number.
    rows.add(with(with(history.get(0), "section_id", "97"), "numeric_grade", "ninety"));

    RunSummary r = grades(d, rows);

    assertThat(r.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(r.issues()).extracting(Issue::code).contains(IssueCode.INVALID_NUMBER);
    assertThat(hub.live(d, "grades")).isEmpty();
    assertThat(hub.changeLogRows(r.runId())).isZero();
  }

  @Test
  void theFirstFileOfAPartTakesOverARecordLiveInTheOtherPart() throws Exception {
    String d = district();
    assertThat(grades(d, history).status()).isEqualTo(RunStatus.LOADED);
    List<String> sent = new ArrayList<>(current);
    // A grade of the history file, sent again as in progress: a record moving between parts.
    String finished = history.get(5);
    String moved = sent.get(0);
    for (String key :
        List.of("student_id", "school_year", "term", "local_course_id", "section_id")) {
      moved = with(moved, key, finished.split("\\|", -1)[column(key)]);
    }
    sent.add(moved);

    RunSummary r = send(d, "grades_current_20261102.txt", sent);

    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(r.added(), r.updated(), r.deactivated()))
        .containsExactly((long) sent.size() - 1, 1L, 0L);
    assertThat(hub.live(d, "grades")).hasSize(history.size() + sent.size() - 1);
    assertThat(
            hub.jdbc()
                .sql(
                    "select count(*) from grades where district = ? and grade_status = 'IN_PROGRESS'")
                .param(d)
                .query(Long.class)
                .single())
        .isEqualTo(sent.size());
    assertThat(published(r)).isEqualTo(sent.size());
  }

  @Test
  void aWholeFileAfterTheHistoryPartAddsTheCurrentGradesBesideIt() throws Exception {
    String d = district();
    assertThat(grades(d, history).status()).isEqualTo(RunStatus.LOADED);
    List<String> whole = new ArrayList<>(history);
    whole.addAll(current);

    // Both statuses in one file, as a district that stops sending parts sends them: the history
    // is kept in a partition of its part, and the in-progress grades need one of theirs.
    RunSummary r = send(d, "grades_20261103.txt", whole);

    assertThat(r.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(r.added(), r.updated(), r.deactivated()))
        .containsExactly((long) current.size(), 0L, 0L);
    assertThat(statusCounts(d)).containsExactly((long) history.size(), (long) current.size());

    // The next night's current part is compared with the live records of its part.
    List<String> next = new ArrayList<>(current);
    next.set(0, with(current.get(0), "numeric_grade", "71"));
    next.remove(next.size() - 1);
    RunSummary part = send(d, "grades_current_20261104.txt", next);

    assertThat(part.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(part.added(), part.updated(), part.deactivated()))
        .containsExactly(0L, 1L, 1L);
    assertThat(statusCounts(d)).containsExactly((long) history.size(), current.size() - 1L);
  }

  @Test
  void partsAfterAWholeFirstFileAreComparedWithTheWholeAndMoveTheirRecords() throws Exception {
    String d = district();
    // The first file holds every grade, the district's partition every part.
    List<String> whole = new ArrayList<>(history);
    whole.addAll(current);
    RunSummary first = send(d, "grades_20261102.txt", whole);
    assertThat(first.status()).isEqualTo(RunStatus.LOADED);

    // Then the parts: an in-progress grade finished and comes in the history part.
    String done = with(with(current.get(0), "grade_status", "FINAL"), "numeric_grade", "88");
    List<String> nextHistory = new ArrayList<>(history);
    nextHistory.add(done);
    RunSummary h = grades(d, nextHistory);

    assertThat(h.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(h.added(), h.updated(), h.deactivated())).containsExactly(0L, 1L, 0L);
    assertThat(statusCounts(d)).containsExactly(history.size() + 1L, current.size() - 1L);
    assertThat(hub.live(d, "grades")).hasSize(history.size() + current.size());
  }

  /** The district's live grades that are final, then those in progress. */
  private List<Long> statusCounts(String district) {
    return hub.jdbc()
        .sql(
            "select count(*) filter (where grade_status = 'FINAL'), count(*) filter (where"
                + " grade_status = 'IN_PROGRESS') from grades where district = ?")
        .param(district)
        .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
        .single();
  }

  private String recHash(String district, String key) {
    return hub.jdbc()
        .sql("select rec_hash::text from grades where district = ? and rec_key = ?::uuid")
        .params(district, key)
        .query(String.class)
        .single();
  }

  @Test
  void aLineSentAgainIsRecognisedByItsTextAndNotReadAgain() throws Exception {
    String d = district();
    List<String> rows = new ArrayList<>(history);
    // Credits earned above attempted: a warning, loaded, and raised again every night.
    rows.set(3, with(with(history.get(3), "credits_attempted", "0.5"), "credits_earned", "1.0"));
    RunSummary first = grades(d, rows);
    assertThat(first.status()).isEqualTo(RunStatus.LOADED);
    Map<String, String> lines = lineHashes(d);
    assertThat(lines.values().stream().filter("null"::equals).count())
        .as("records without the hash of their line: the warned one")
        .isEqualTo(1);
    // Behind the hub's back, two records get a value hash no line gives: one keeps the hash of its
    // line, the other's is cleared.
    List<String> keys =
        lines.entrySet().stream()
            .filter(e -> !e.getValue().equals("null"))
            .map(Map.Entry::getKey)
            .sorted()
            .limit(2)
            .toList();
    String tampered = "00000000-0000-0000-0000-000000000015";
    for (String key : keys) {
      hub.jdbc()
          .sql(
              "update grades set rec_hash = ?::uuid"
                  + (key.equals(keys.get(1)) ? ", line_hash = null" : "")
                  + " where district = ? and rec_key = ?::uuid")
          .params(tampered, d, key)
          .update();
    }
    List<String> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(3));

    RunSummary again = grades(d, shuffled);

    assertThat(again.status()).isEqualTo(RunStatus.LOADED);
    assertThat(again.issues())
        .as("the warned line is read again")
        .filteredOn(i -> i.code() == IssueCode.CREDITS_EARNED_ABOVE_ATTEMPTED)
        .hasSize(1);
    assertThat(recHash(d, keys.get(0)))
        .as("a recognised line is not read, so its record is not compared")
        .isEqualTo(tampered);
    assertThat(recHash(d, keys.get(1)))
        .as("a line its record does not know is read, compared and written")
        .isNotEqualTo(tampered);
    assertThat(lineHashes(d).get(keys.get(1))).isEqualTo(lines.get(keys.get(1)));
    assertThat(List.of(again.added(), again.updated(), again.deactivated(), again.unchanged()))
        .containsExactly(0L, 1L, 0L, (long) rows.size() - 1);
  }

  @Test
  void aLineInAnotherFormGivesItsUnchangedRecordItsHashOnceAndChangesNothing() throws Exception {
    String d = district();
    grades(d, history);
    List<String> next = new ArrayList<>(history);
    // Spaces around a value are trimmed: the same record in another text.
    String row = history.get(8);
    next.set(8, with(row, "campus_id", " " + value(row, "campus_id") + " "));
    Map<String, String> before = versions(d);
    Map<String, String> linesBefore = lineHashes(d);

    RunSummary r = grades(d, next);

    assertThat(List.of(r.added(), r.updated(), r.deactivated(), r.unchanged()))
        .containsExactly(0L, 0L, 0L, (long) history.size());
    assertThat(published(r)).isZero();
    Map<String, String> after = versions(d);
    List<String> written =
        after.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
    assertThat(written).as("rows written: the one whose line changed, for its hash").hasSize(1);
    Map<String, String> linesAfter = lineHashes(d);
    assertThat(linesAfter.get(written.get(0)))
        .isNotEqualTo("null")
        .isNotEqualTo(linesBefore.get(written.get(0)));

    // In another order, as the same bytes would be recognised as a whole.
    Collections.shuffle(next, new Random(4));
    RunSummary again = grades(d, next);

    assertThat(again.unchanged()).isEqualTo(history.size());
    assertThat(versions(d)).as("the next night recognises it: nothing written").isEqualTo(after);
  }

  private String value(String row, String column) {
    return row.split("\\|", -1)[column(column)];
  }

  @Test
  void anUnchangedFileInAnotherOrderWritesNothing() throws Exception {
    String d = district();
    grades(d, history);
    Map<String, String> before = versions(d);
    List<String> shuffled = new ArrayList<>(history);
    Collections.shuffle(shuffled, new Random(9));

    RunSummary again = grades(d, shuffled);

    assertThat(again.status()).isEqualTo(RunStatus.LOADED);
    assertThat(List.of(again.added(), again.updated(), again.deactivated(), again.unchanged()))
        .containsExactly(0L, 0L, 0L, (long) history.size());
    assertThat(versions(d)).isEqualTo(before);
    assertThat(published(again)).isZero();
    assertThat(Files.readString(file(DataSet.GRADES, "history"), StandardCharsets.UTF_8))
        .isNotEmpty();
  }
}
