package org.pathways.hub.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.Severity;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.ProfileCatalog;

/**
 * Rows are mapped and checked on the reading thread; the caller must see each row's issues as if it
 * had done that work itself, in the file's order, across many batches.
 */
class FileParserThreadsTest {

  private static final String HEADER =
      "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id|enrollment_status|graduation_plan";

  private final FileSpec students =
      new ProfileCatalog().get("standard").file(DataSet.STUDENTS, null).orElseThrow();

  /** {@code n} rows; every 7th is ragged (skipped by the mapping), the rest are whole. */
  private static String file(int n) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < n; i++) {
      if (i % 7 == 3) {
        out.append(1000 + i).append("|too|few\n");
      } else {
        out.append(
            String.format(
                Locale.ROOT,
                "%d|%010d|First|Last|2009-01-10|09|255901001|A|FHSP%n",
                1000 + i,
                6000000000L + i));
      }
    }
    return out.toString();
  }

  private static Issues issues() {
    return new Issues(100_000, 100_000, code -> code.defaultSeverity());
  }

  @Test
  void eachRowArrivesWithItsOwnIssuesInTheFilesOrder() {
    int n = 5_000; // about ten batches
    Issues issues = issues();
    List<Long> lines = new ArrayList<>();
    List<Long> flagged = new ArrayList<>();
    FileParser.Result result =
        new FileParser(students, '|', FileParser.DEFAULT_MAX_RECORD_CHARS)
            .parse(
                new StringReader(file(n)),
                issues,
                (row, sink) -> {
                  // An error on every third line, a warning on every fifth.
                  if (row.line() % 3 == 0) {
                    sink.add(IssueCode.INVALID_DATE, row.line(), "birth_date", "x", "bad");
                  }
                  if (row.line() % 5 == 0) {
                    sink.add(IssueCode.UNKNOWN_CODE_VALUE, row.line(), "gender", "Q", "note");
                  }
                },
                row -> {
                  lines.add(row.line());
                  if (issues.rowHasErrors()) {
                    flagged.add(row.line());
                  }
                });

    long ragged = (n + 3) / 7;
    assertThat(result.dataRows()).isEqualTo(n - ragged);
    assertThat(result.skippedRecords()).isEqualTo(ragged);
    assertThat(lines).isSorted().hasSize((int) (n - ragged));
    // A row is flagged by its own check's errors only: not by its neighbours', and not by a
    // ragged line's before it.
    assertThat(flagged).isEqualTo(lines.stream().filter(l -> l % 3 == 0).toList());
    List<Long> issueLines = issues.kept().stream().map(Issue::line).toList();
    assertThat(issueLines).isSorted();
    assertThat(issues.count(IssueCode.INVALID_DATE)).isEqualTo(flagged.size());
    assertThat(issues.count(IssueCode.RAGGED_ROW)).isEqualTo(ragged);
    assertThat(issues.count(IssueCode.UNKNOWN_CODE_VALUE))
        .isEqualTo(lines.stream().filter(l -> l % 5 == 0).count());
    assertThat(issues.warnings()).isEqualTo(issues.count(IssueCode.UNKNOWN_CODE_VALUE));
    assertThat(issues.kept())
        .filteredOn(i -> i.code() == IssueCode.UNKNOWN_CODE_VALUE)
        .allMatch(i -> i.severity() == Severity.WARNING);
  }

  @Test
  void aFailureOfTheCheckReachesTheCallerAtItsRow() {
    List<Long> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                new FileParser(students, '|', FileParser.DEFAULT_MAX_RECORD_CHARS)
                    .parse(
                        new StringReader(file(3_000)),
                        issues(),
                        (row, sink) -> {
                          if (row.line() == 2_001) {
                            throw new IllegalStateException("broken check");
                          }
                        },
                        row -> seen.add(row.line())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broken check");
    assertThat(seen).isNotEmpty().allMatch(l -> l < 2_001);
  }

  @Test
  void sharedWorkIsDoneOnTheReadingThreadWhileTheCallerIsBehind() {
    int n = 20 * ReadAhead.BATCH;
    Set<Long> doneAhead = ConcurrentHashMap.newKeySet();
    List<Long> seen = new ArrayList<>();
    List<Long> cameDone = new ArrayList<>();
    new FileParser(students, '|', FileParser.DEFAULT_MAX_RECORD_CHARS)
        .parse(
            new StringReader(file(n)),
            issues(),
            (row, sink) -> {},
            row -> doneAhead.add(row.line()),
            row -> {
              seen.add(row.line());
              if (doneAhead.contains(row.line())) {
                cameDone.add(row.line());
              }
              // A caller far slower than reading: the queue fills and stays full.
              if (row.line() % 64 == 0) {
                sleep(2);
              }
            });

    // Read long after the queue filled, every row of the last batches came with the work done.
    long from = n - 4L * ReadAhead.BATCH;
    List<Long> late = seen.stream().filter(l -> l > from).toList();
    assertThat(late).hasSizeGreaterThan(3 * ReadAhead.BATCH);
    assertThat(cameDone).containsAll(late);
  }

  @Test
  void sharedWorkIsLeftToTheCallerWhileItKeepsUp() {
    int n = 3 * ReadAhead.BATCH;
    Set<Long> doneAhead = ConcurrentHashMap.newKeySet();
    List<Long> seen = new ArrayList<>();
    FileParser.Result result =
        new FileParser(students, '|', FileParser.DEFAULT_MAX_RECORD_CHARS)
            .parse(
                new SlowReader(new StringReader(file(n))),
                issues(),
                (row, sink) -> {},
                row -> doneAhead.add(row.line()),
                row -> seen.add(row.line()));

    assertThat(seen).hasSize((int) result.dataRows()).isSorted();
    assertThat(doneAhead).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A file that arrives a few records at a time, as from a slow disk. */
  private static final class SlowReader extends FilterReader {
    SlowReader(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      sleep(1);
      return super.read(buf, off, Math.min(len, 200));
    }
  }
}
