package org.pathways.hub.onboarding;

import java.util.List;

/**
 * The worksheet against the live data, line by line.
 *
 * @param lines every stated value with its verdict
 * @param unstated campus and grade groups the live data has that the worksheet does not mention, so
 *     the engineer sees students the district may have forgotten
 */
public record Comparison(List<Line> lines, List<Unstated> unstated) {

  public Comparison {
    lines = List.copyOf(lines);
    unstated = List.copyOf(unstated);
  }

  /** Active students of one campus and grade in the live data that no worksheet line covers. */
  public record Unstated(String campusId, String gradeLevel, long actual) {}

  public long count(Verdict verdict) {
    return lines.stream().filter(l -> l.verdict() == verdict).count();
  }

  /** Lines that still mismatch: each must be fixed in the data or waived before approval. */
  public long unresolved() {
    return count(Verdict.MISMATCH);
  }

  /** Whether an engineer may approve: something is stated, and every line matches or is waived. */
  public boolean approvable() {
    return !lines.isEmpty() && unresolved() == 0;
  }
}
