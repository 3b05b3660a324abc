package org.pathways.hub.district;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects the issues of one run. Every issue is counted; only the first {@code keep} are kept, and
 * at most {@code keepPerCode} of one code, so a file with a million bad dates reports them all in
 * its counts without holding a million messages.
 */
public final class Issues {

  private final int keep;
  private final int keepPerCode;
  private final Function<IssueCode, Severity> severityOf;
  private final List<Issue> kept = new ArrayList<>();
  private final Map<IssueCode, Long> counts = new EnumMap<>(IssueCode.class);
  private long errors;
  private long warnings;
  private long errorsThisRow;
  private boolean fileLevelError;

  public Issues(int keep, int keepPerCode, Function<IssueCode, Severity> severityOf) {
    this.keep = keep;
    this.keepPerCode = keepPerCode;
    this.severityOf = severityOf;
  }

  /**
   * Issues that keep everything added, in order, until {@link #drain()}: for a thread that checks
   * rows ahead of the one that owns a run's issues, which then adds them in the file's order.
   */
  public static Issues recorder(Function<IssueCode, Severity> severityOf) {
    return new Issues(Integer.MAX_VALUE, Integer.MAX_VALUE, severityOf);
  }

  /** The issues added since the last drain, in order; forgets them and their counts. */
  public List<Issue> drain() {
    if (kept.isEmpty()) {
      return List.of();
    }
    List<Issue> out = List.copyOf(kept);
    kept.clear();
    counts.clear();
    errors = 0;
    warnings = 0;
    errorsThisRow = 0;
    fileLevelError = false;
    return out;
  }

  /**
   * Counts the issue and keeps it while there is room.
   *
   * @return whether it was kept, and so will be reported
   */
  public boolean add(Issue issue) {
    Issue effective = issue.withSeverity(severityOf.apply(issue.code()));
    long n = counts.merge(effective.code(), 1L, Long::sum);
    if (effective.severity() == Severity.ERROR) {
      // Remembered even when the issue itself is not kept, so a file full of row issues still
      // stops on the whole-file one that comes after them.
      fileLevelError |= effective.code().fileLevel();
      errors++;
      errorsThisRow++;
    } else if (effective.severity() == Severity.WARNING) {
      warnings++;
    }
    if (kept.size() < keep && n <= keepPerCode) {
      kept.add(effective);
      return true;
    }
    return false;
  }

  /** As {@link #add(Issue)}. */
  public boolean add(IssueCode code, long line, String column, String value, String message) {
    return add(Issue.of(code, line, column, value, message));
  }

  /**
   * Gives the kept issue of this code and line that was added without a value the value found later
   * (a repeated line recognised before it was parsed). Counts do not change.
   */
  public void value(IssueCode code, long line, String value) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      Issue k = kept.get(i);
      if (k.code() == code && k.line() == line && k.value() == null) {
        kept.set(i, new Issue(k.severity(), k.code(), k.line(), k.column(), value, k.message()));
        return;
      }
    }
  }

  /** Starts a new row; {@link #rowHasErrors()} then tells whether that row had an error. */
  public void startRow() {
    errorsThisRow = 0;
  }

  public boolean rowHasErrors() {
    return errorsThisRow > 0;
  }

  /** The severity a code has in this run, after the profile's changes. */
  public Severity severityOf(IssueCode code) {
    return severityOf.apply(code);
  }

  public long errors() {
    return errors;
  }

  public long warnings() {
    return warnings;
  }

  public long count(IssueCode code) {
    return counts.getOrDefault(code, 0L);
  }

  public Map<IssueCode, Long> counts() {
    return Map.copyOf(counts);
  }

  public List<Issue> kept() {
    return List.copyOf(kept);
  }

  /** Whether any error concerns the whole file rather than single rows. */
  public boolean hasFileLevelError() {
    return fileLevelError;
  }
}
