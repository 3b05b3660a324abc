package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How far an actual value may be from the district's expected one and still match. Counts get some
 * slack because the worksheet is filled in days before the data it is compared with, while students
 * enrol and leave; a student's own values must agree to the precision schools print.
 *
 * @param countAtLeast a count matches within this many, whatever its size
 * @param countPercent ... or within this share of the expected count, when that is more
 * @param credits credits earned match within this many credits
 * @param gpa a GPA matches within this much
 */
public record Tolerances(
    int countAtLeast, BigDecimal countPercent, BigDecimal credits, BigDecimal gpa) {

  public static final Tolerances DEFAULT =
      new Tolerances(2, new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("0.01"));

  /** The allowed difference for an expected count: max(2, 2 % of it) by default, whole. */
  long count(long expected) {
    long share =
        BigDecimal.valueOf(expected)
            .multiply(countPercent)
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR)
            .longValueExact();
    return Math.max(countAtLeast, share);
  }
}
