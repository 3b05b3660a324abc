package org.pathways.hub.onboarding;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares a worksheet with the live facts: plain arithmetic, tested without a database. */
final class Comparer {

  private static final String NOT_ACTIVE = "not an active student";

  private Comparer() {}

  /** One stated value before it is compared: its identity, place, label and expected value. */
  record Stated(String key, Line.Section section, String label, String expected) {}

  /** Every value a worksheet states, in page order. */
  static List<Stated> stated(Worksheet w) {
    List<Stated> out = new ArrayList<>();
    for (Worksheet.Enrollment e : sorted(w.enrollment())) {
      out.add(
          new Stated(
              "students|" + e.campusId() + "|" + e.gradeLevel(),
              Line.Section.STUDENTS,
              "Campus " + e.campusId() + ", grade " + e.gradeLevel(),
              String.valueOf(e.expected())));
    }
    if (w.teachers() != null) {
      out.add(
          new Stated(
              "teachers", Line.Section.TEACHERS, "Active teachers", String.valueOf(w.teachers())));
    }
    if (w.courses() != null) {
      out.add(
          new Stated(
              "courses",
              Line.Section.COURSES,
              "Courses in the crosswalk",
              String.valueOf(w.courses())));
    }
    for (Worksheet.NamedStudent s : w.students()) {
      String who = "Student " + s.studentId() + ": ";
      String key = "student|" + s.studentId() + "|";
      if (s.gradeLevel() != null) {
        out.add(
            new Stated(
                key + "grade_level",
                Line.Section.NAMED_STUDENTS,
                who + "grade level",
                s.gradeLevel()));
      }
      if (s.creditsEarned() != null) {
        out.add(
            new Stated(
                key + "credits_earned",
                Line.Section.NAMED_STUDENTS,
                who + "credits earned",
                s.creditsEarned().toPlainString()));
      }
      if (s.gpa() != null) {
        // The GPA type is part of the key: a waiver given for the weighted GPA says nothing
        // about the unweighted one.
        out.add(
            new Stated(
                key + "gpa|" + w.gpaType(),
                Line.Section.NAMED_STUDENTS,
                who + "GPA (" + w.gpaType() + ")",
                s.gpa().toPlainString()));
      }
    }
    return out;
  }

  static Comparison compare(
      Worksheet w, LiveFacts facts, Map<String, Waiver> waivers, Tolerances t) {
    List<Line> lines = new ArrayList<>();
    for (Worksheet.Enrollment e : sorted(w.enrollment())) {
      long actual =
          facts.enrollment().getOrDefault(LiveFacts.group(e.campusId(), e.gradeLevel()), 0L);
      lines.add(
          count(
              "students|" + e.campusId() + "|" + e.gradeLevel(),
              Line.Section.STUDENTS,
              "Campus " + e.campusId() + ", grade " + e.gradeLevel(),
              e.expected(),
              actual,
              t,
              waivers));
    }
    if (w.teachers() != null) {
      lines.add(
          count(
              "teachers",
              Line.Section.TEACHERS,
              "Active teachers",
              w.teachers(),
              facts.teachers(),
              t,
              waivers));
    }
    if (w.courses() != null) {
      lines.add(
          count(
              "courses",
              Line.Section.COURSES,
              "Courses in the crosswalk",
              w.courses(),
              facts.courses(),
              t,
              waivers));
    }
    Map<String, Stated> byKey = new java.util.HashMap<>();
    stated(w).forEach(s -> byKey.put(s.key(), s));
    for (Worksheet.NamedStudent s : w.students()) {
      LiveFacts.Student live = facts.students().get(s.studentId());
      String key = "student|" + s.studentId() + "|";
      if (s.gradeLevel() != null) {
        String actual = live == null ? NOT_ACTIVE : live.gradeLevel();
        boolean match = live != null && s.gradeLevel().equals(live.gradeLevel());
        lines.add(line(byKey.get(key + "grade_level"), actual, "", "exact", match, waivers));
      }
      if (s.creditsEarned() != null) {
        lines.add(
            decimal(
                byKey.get(key + "credits_earned"),
                s.creditsEarned(),
                live == null ? null : live.creditsEarned(),
                live == null ? NOT_ACTIVE : "none",
                t.credits(),
                waivers));
      }
      if (s.gpa() != null) {
        lines.add(
            decimal(
                byKey.get(key + "gpa|" + w.gpaType()),
                s.gpa(),
                live == null ? null : live.gpa(),
                live == null ? NOT_ACTIVE : "no " + w.gpaType() + " GPA",
                t.gpa(),
                waivers));
      }
    }
    List<Comparison.Unstated> unstated = new ArrayList<>();
    if (!w.enrollment().isEmpty()) {
      Set<String> covered = new HashSet<>();
      w.enrollment().forEach(e -> covered.add(LiveFacts.group(e.campusId(), e.gradeLevel())));
      facts.enrollment().entrySet().stream()
          .filter(e -> !covered.contains(e.getKey()))
          .map(
              e -> {
                String[] parts = e.getKey().split("\\|", 2);
                return new Comparison.Unstated(parts[0], parts[1], e.getValue());
              })
          .sorted(
              Comparator.comparing(Comparison.Unstated::campusId)
                  .thenComparing(u -> WorksheetInput.gradeOrder(u.gradeLevel())))
          .forEach(unstated::add);
    }
    return new Comparison(lines, unstated);
  }

  private static Line count(
      String key,
      Line.Section section,
      String label,
      long expected,
      long actual,
      Tolerances t,
      Map<String, Waiver> waivers) {
    long allowed = t.count(expected);
    long diff = actual - expected;
    return line(
        new Stated(key, section, label, String.valueOf(expected)),
        String.valueOf(actual),
        signed(BigDecimal.valueOf(diff)),
        "± " + allowed,
        Math.abs(diff) <= allowed,
        waivers);
  }

  private static Line decimal(
      Stated stated,
      BigDecimal expected,
      BigDecimal actual,
      String missing,
      BigDecimal allowed,
      Map<String, Waiver> waivers) {
    if (actual == null) {
      return line(stated, missing, "", "± " + allowed.toPlainString(), false, waivers);
    }
    BigDecimal diff = actual.subtract(expected);
    return line(
        stated,
        plain(actual),
        signed(diff),
        "± " + allowed.toPlainString(),
        diff.abs().compareTo(allowed) <= 0,
        waivers);
  }

  private static Line line(
      Stated s,
      String actual,
      String difference,
      String tolerance,
      boolean match,
      Map<String, Waiver> waivers) {
    Waiver waiver = waivers.get(s.key());
    Verdict verdict;
    if (match) {
      verdict = Verdict.MATCH;
      waiver = null;
    } else if (waiver != null && waiver.expected().equals(s.expected())) {
      verdict = Verdict.WAIVED;
    } else {
      verdict = Verdict.MISMATCH;
      waiver = null;
    }
    return new Line(
        s.key(),
        s.section(),
        s.label(),
        s.expected(),
        actual,
        difference,
        tolerance,
        verdict,
        waiver);
  }

  private static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  private static String signed(BigDecimal d) {
    return (d.signum() > 0 ? "+" : "") + plain(d);
  }

  static List<Worksheet.Enrollment> sorted(List<Worksheet.Enrollment> enrollment) {
    return enrollment.stream()
        .sorted(
            Comparator.comparing(Worksheet.Enrollment::campusId)
                .thenComparing(e -> WorksheetInput.gradeOrder(e.gradeLevel())))
        .toList();
  }
}
