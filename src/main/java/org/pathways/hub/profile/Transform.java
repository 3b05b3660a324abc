package org.pathways.hub.profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The few value conversions that a SIS's native shape needs beyond a value map or a date pattern.
 * Each is invertible, so the generator can write the SIS's own shape from canonical data.
 */
public enum Transform {
  /** A school year given by the calendar year in which it starts ({@code 2026} for 2026-27). */
  SCHOOL_YEAR_START("school-year-start") {
    @Override
    public String toCanonical(String value) {
      return addYears(value, 1);
    }

    @Override
    public String toNative(String value) {
      return addYears(value, -1);
    }
  },
  /**
   * A PowerSchool term id: the first two digits are the year id, the calendar year in which the
   * school year starts less 1990 ({@code 3501} is the first term of 2025-26).
   */
  POWERSCHOOL_TERMID("powerschool-termid") {
    @Override
    public String toCanonical(String value) {
      String v = value.trim();
      if (!v.matches("-?\\d{3,5}")) {
        return v;
      }
      int yearId = Math.abs(Integer.parseInt(v)) / 100;
      return Integer.toString(1990 + yearId + 1);
    }

    @Override
    public String toNative(String value) {
      String v = value.trim();
      if (!v.matches("\\d{4}")) {
        return v;
      }
      return Integer.toString((Integer.parseInt(v) - 1991) * 100);
    }
  },
  /** Upper-case letters, for SISs that write codes in mixed case. */
  UPPER("upper") {
    @Override
    public String toCanonical(String value) {
      return value.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toNative(String value) {
      return value;
    }
  };

  private final String id;

  Transform(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public abstract String toCanonical(String value);

  public abstract String toNative(String value);

  public static Optional<Transform> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  private static String addYears(String value, int years) {
    String v = value.trim();
    if (!v.matches("\\d{4}")) {
      return v; // left for the validator to report with the value as received
    }
    return Integer.toString(Integer.parseInt(v) + years);
  }
}
