package org.pathways.hub.pipeline;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.load.StagingSession;
import org.pathways.hub.parse.HeaderDrift;
import org.pathways.hub.profile.FileSpec;

/**
 * The checks that compare a file with the district's own recent good files of the same data set and
 * part, beyond the volume guard (which compares with the live records): the row count and the size
 * against the recent median, the header against the last good file's, and the share of rows naming
 * a course missing from the crosswalk against the last good file's. Each returns the issue to
 * report, if any; the processor decides what a run does with it.
 */
final class Anomalies {

  private Anomalies() {}

  /** Dates in messages are the district's nights, on Central time. */
  private static final ZoneId CENTRAL = Central.ZONE;

  /**
   * A change of fewer rows than this is never reported: for a data set of a dozen rows (IBC in a
   * small district) a quarter is noise.
   */
  static final int MIN_ROWS_CHANGED = 10;

  /** Files smaller than this are not compared by size: the header weighs too much in them. */
  static final int MIN_BYTES = 1024;

  /**
   * How much the size of a row may change, in percent, before it is reported. Compared per row so
   * that it speaks of the content (a column emptied, added, or filled with something else) and not
   * again of the row count.
   */
  static final int ROW_SIZE_WARN_PCT = 25;

  /** A rise of the missing-course share is reported when it is more than this many points... */
  static final double MISSING_COURSES_POINTS = 2.0;

  /** ...and more than this many times the previous share... */
  static final double MISSING_COURSES_RATIO = 1.5;

  /**
   * ...and by at least this many rows more than the previous share predicts: in a file of four
   * grades, one unknown course is 25 %, and says nothing.
   */
  static final int MISSING_COURSES_MIN_MORE = 5;

  /**
   * How far a data set's row count may move from its recent median before it is reported, in
   * percent; -1 for never.
   *
   * @param warnDrop fewer rows than this is a warning
   * @param warnGrowth more rows than this is a warning
   * @param holdDrop fewer rows than this holds the file, unless the volume guard already did
   */
  record VolumeLimits(int warnDrop, int warnGrowth, int holdDrop) {

    /**
     * People, courses and GPA hardly move from one night to the next, so a quarter either way is
     * worth a look and half gone is a broken export. Grades and certifications accumulate through
     * the year (and a current-grades part fills up as a term starts), so only doubling is unusual.
     * Course requests appear in spring, from nothing to thousands, so growth is never reported.
     */
    static VolumeLimits of(DataSet ds) {
      return switch (ds) {
        case STUDENTS, TEACHERS, USERS, COURSE_CROSSWALK, GPA -> new VolumeLimits(25, 25, 50);
        case GRADES, IBC -> new VolumeLimits(25, 100, 50);
        case COURSE_REQUESTS -> new VolumeLimits(25, -1, 50);
      };
    }
  }

  /**
   * The row count and the size of a file against the recent median of the good files of its data
   * set. A drop beyond the hold limit is a {@link IssueCode#ROW_COUNT_DROP} only where {@code
   * mayHold} (the volume guard did not already hold the file, and no engineer has answered it);
   * otherwise it is reported as a change.
   */
  static Optional<Issue> volume(
      String fileName,
      FileSpec file,
      long rows,
      long bytes,
      RunStore.History history,
      boolean mayHold) {
    if (history.goodRuns() == 0 || history.medianRows() == null || history.medianRows() <= 0) {
      return Optional.empty();
    }
    double median = history.medianRows();
    double change = (rows - median) * 100 / median;
    VolumeLimits limits = VolumeLimits.of(file.dataSet());
    String usual =
        String.format(
            Locale.ROOT,
            "the usual %,d (the median of the district's last %s)",
            Math.round(median),
            files(history.goodRuns(), file));
    if (Math.abs(rows - median) >= MIN_ROWS_CHANGED) {
      if (change < -limits.warnDrop()) {
        boolean hold = mayHold && change < -limits.holdDrop();
        String what =
            String.format(
                Locale.ROOT,
                "%s has %,d rows, %.1f%% fewer than %s",
                fileName,
                rows,
                -change,
                usual);
        if (hold) {
          return Optional.of(
              Issue.file(
                  IssueCode.ROW_COUNT_DROP,
                  what
                      + String.format(
                          Locale.ROOT,
                          ", a drop of more than %d%%. It is held for an engineer to review; yesterday's data stays live. Check that the export is complete (a filter, a failed query or a partial upload cuts it short) and send it again.",
                          limits.holdDrop())));
        }
        return Optional.of(
            Issue.file(
                IssueCode.ROW_COUNT_CHANGE,
                what
                    + ". Check that the export is complete (a filter, a failed query or a partial upload cuts it short); if the drop is real, nothing needs doing."));
      }
      if (limits.warnGrowth() >= 0 && change > limits.warnGrowth()) {
        return Optional.of(
            Issue.file(
                IssueCode.ROW_COUNT_CHANGE,
                String.format(
                    Locale.ROOT,
                    "%s has %,d rows, %.1f%% more than %s. Check that the export does not repeat rows or take in another school year or another data set; if the growth is real, nothing needs doing.",
                    fileName,
                    rows,
                    change,
                    usual)));
      }
    }
    // Sizes are compared only when the row count is as usual: otherwise the count says it better,
    // and the header's weight in a small file would make the size of a row look different.
    if (Math.abs(change) > ROW_SIZE_WARN_PCT
        || history.sizedRuns() == 0
        || history.medianBytesPerRow() == null
        || rows == 0
        || bytes < MIN_BYTES) {
      return Optional.empty();
    }
    double perRow = (double) bytes / rows;
    double usualPerRow = history.medianBytesPerRow();
    double sizeChange = (perRow - usualPerRow) * 100 / usualPerRow;
    if (Math.abs(sizeChange) <= ROW_SIZE_WARN_PCT) {
      return Optional.empty();
    }
    return Optional.of(
        Issue.file(
            IssueCode.FILE_SIZE_CHANGE,
            String.format(
                Locale.ROOT,
                "%s is %,d bytes for %,d rows: %.0f bytes a row, %.1f%% %s than the usual %.0f (the median of the district's last %s), while its row count is as usual. A column may have been added, dropped, emptied or filled with other data; check the export.",
                fileName,
                bytes,
                rows,
                perRow,
                Math.abs(sizeChange),
                sizeChange > 0 ? "more" : "less",
                usualPerRow,
                files(history.sizedRuns(), file))));
  }

  /** The header of a file against the last good file's, in words, when it changed. */
  static Optional<Issue> header(
      String fileName, FileSpec file, List<String> header, RunStore.History history) {
    RunStore.LastGood last = history.last();
    if (header.isEmpty() || last == null || last.header() == null) {
      return Optional.empty();
    }
    HeaderDrift drift = HeaderDrift.between(last.header(), header);
    if (drift.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Issue.file(
            IssueCode.HEADER_CHANGED,
            "Since the "
                + file.label()
                + " file of "
                + night(last)
                + " ("
                + last.entryName()
                + "), the header of "
                + fileName
                + " changed: "
                + drift.describe()
                + ". If the export was not meant to change, change it back; a column the layout does not know is ignored, and a lost required column stops the file."));
  }

  /**
   * The share of rows naming a course missing from the crosswalk, against the last good file's
   * share, when it rose sharply: by more than {@value #MISSING_COURSES_POINTS} points, by half, and
   * by {@value #MISSING_COURSES_MIN_MORE} rows or more.
   */
  static Optional<Issue> missingCourses(
      String fileName, FileSpec file, long rows, long missing, RunStore.History history) {
    RunStore.LastGood last = history.last();
    if (last == null || last.courseMissing() == null || last.rows() == 0 || rows == 0) {
      return Optional.empty();
    }
    double now = missing * 100.0 / rows;
    double before = last.courseMissing() * 100.0 / last.rows();
    if (now - before <= MISSING_COURSES_POINTS
        || now <= before * MISSING_COURSES_RATIO
        || missing - rows * before / 100 < MISSING_COURSES_MIN_MORE) {
      return Optional.empty();
    }
    return Optional.of(
        Issue.file(
            IssueCode.MISSING_COURSES_RISING,
            String.format(
                Locale.ROOT,
                "In %s, %,d of %,d rows (%.1f%%) name a course missing from the course crosswalk, up from %,d of %,d (%.1f%%) in the %s file of %s. Those rows cannot count toward a graduation requirement. Check that the course crosswalk export is complete and uses the same local course ids (the UNKNOWN_COURSE warnings name each course).",
                fileName,
                missing,
                rows,
                now,
                last.courseMissing(),
                last.rows(),
                before,
                file.label(),
                night(last))));
  }

  private static String files(int n, FileSpec file) {
    return n == 1 ? "good " + file.label() + " file" : n + " good " + file.label() + " files";
  }

  private static LocalDate night(RunStore.LastGood last) {
    return last.receivedAt().atZone(CENTRAL).toLocalDate();
  }

  /**
   * A field whose values lost their zeros in at least this share of the file's rows, in percent,
   * stops the file: a spreadsheet strips every id that starts with 0, so a damaged export shows it
   * in many rows, while one odd id is reported on its line only.
   */
  static final double LEADING_ZEROS_FILE_PCT = 1.0;

  /** Fields whose shape the validator knows (state ids, campuses, IBC codes) and reports itself. */
  private static final Set<String> SHAPE_CHECKED =
      Set.of("state_student_id", "campus_id", "ibc_code");

  /**
   * Identifiers that the district writes zero-padded to one width (as its live records show) and
   * that arrive shorter: each reported on its line with the value it probably was, and a field
   * where it happens in {@value #LEADING_ZEROS_FILE_PCT}% of the rows or more as a file-level
   * {@link IssueCode#LEADING_ZEROS_DROPPED}, an error: every such record would look new, and the
   * records it replaced would be deactivated or removed.
   */
  static final class LeadingZeros implements java.util.function.Consumer<StagingSession.ShortId> {
    private final String fileName;
    private final List<StagingSession.PaddedField> padded;
    private final Function<String, String> columnOf;
    private final Issues issues;
    private final Map<String, long[]> count = new HashMap<>();
    private final Map<String, StagingSession.ShortId> first = new HashMap<>();

    LeadingZeros(
        String fileName,
        List<StagingSession.PaddedField> padded,
        Function<String, String> columnOf,
        Issues issues) {
      this.fileName = fileName;
      this.padded = padded;
      this.columnOf = columnOf;
      this.issues = issues;
    }

    /** Reports one short identifier on its line. */
    @Override
    public void accept(StagingSession.ShortId id) {
      count.computeIfAbsent(id.field(), k -> new long[1])[0]++;
      first.putIfAbsent(id.field(), id);
      if (SHAPE_CHECKED.contains(id.field())) {
        return;
      }
      String column = columnOf.apply(id.field());
      issues.add(
          IssueCode.LEADING_ZEROS_LOST,
          id.line(),
          column,
          id.value(),
          String.format(
              Locale.ROOT,
              "Line %d: %s '%s' is shorter than the %d digits of the district's other %s values; it was probably '%s' before its leading zeros were lost. Export it as text.",
              id.line(),
              column,
              id.value(),
              id.width(),
              column,
              id.meant()));
    }

    /** Once the file has been read: a field short in too many of its rows stops the file. */
    void finish(long rows) {
      for (StagingSession.PaddedField p : padded) {
        long n = count.getOrDefault(p.field(), new long[1])[0];
        if (n == 0 || n * 100.0 < rows * LEADING_ZEROS_FILE_PCT) {
          continue;
        }
        String column = columnOf.apply(p.field());
        StagingSession.ShortId example = first.get(p.field());
        issues.add(
            new Issue(
                IssueCode.LEADING_ZEROS_DROPPED.defaultSeverity(),
                IssueCode.LEADING_ZEROS_DROPPED,
                0,
                column,
                null,
                String.format(
                    Locale.ROOT,
                    "In %s, %,d of %,d rows (%.1f%%) have a %s shorter than the %d digits the district's %s values have (%d%% of the live ones start with 0), such as '%s' on line %d, probably '%s': the file was probably opened and saved in a spreadsheet, which drops leading zeros. Every such record would look new and the one it belongs to would be dropped, so the file was not loaded; yesterday's data stays live. Export the file again straight from the SIS (or keep the column as text) and send it.",
                    fileName,
                    n,
                    rows,
                    n * 100.0 / rows,
                    column,
                    p.width(),
                    column,
                    p.padded() * 100 / p.values(),
                    example.value(),
                    example.line(),
                    example.meant())));
      }
    }
  }
}
