package org.pathways.hub.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A student's schedule and grades, year by year: up to four school years back from the current one,
 * middle-school years included, two semesters each, six to eight periods a year. Every draw comes
 * from the student's own random stream, so running it twice gives the same transcript; that is how
 * the grades stream without being stored.
 */
final class Transcript {

  /** One period of a school year: a course in each semester, the same for a year-long course. */
  record Slot(Course fall, Course spring) {}

  /** Receives the grades of one student in transcript order. */
  interface Sink {
    /**
     * One grade.
     *
     * @param year the school year, by the year in which it ends
     * @param gradeLevel the grade level the student was in
     * @param campus the campus index, where the grade was earned or posted
     * @param term {@code S1}, {@code S2} or {@code SUM}
     * @param period the period (0-based) of the slot, which names the section
     * @param numeric the numeric grade, 0 to 100
     * @param isFinal a final grade; otherwise the in-progress grade of the current semester
     * @param transfer earned in another district and posted here
     * @param teacher the teacher, or null for a transfer grade
     */
    void grade(
        int year,
        int gradeLevel,
        int campus,
        String term,
        Course course,
        int period,
        int numeric,
        boolean isFinal,
        boolean transfer,
        Staff teacher);
  }

  /** The career programs, by the letters of their course keys ({@code CTEHS1}...). */
  static final List<String> CTE_PROGRAMS =
      List.of("CTEHS", "CTEBU", "CTEIT", "CTEEN", "CTEAG", "CTELE");

  /** Electives that fill a schedule, as single courses or semester pairs ({@code A|B}). */
  private static final List<String> ELECTIVES =
      List.of(
          "PSYCH|SOCIO",
          "JOURN",
          "DEBATE",
          "AVID",
          "YEARBK",
          "ART1",
          "COLLPREP",
          "THEA1",
          "CTEBU1",
          "CTEIT1");

  private final CourseCatalog catalog;
  private final SchoolCalendar calendar;
  private final GradingScale scale;
  private final long seed;
  private final List<Staff> staff;
  private final int[][][] teachers;
  private final int[][][] activeTeachers;
  private final List<Slot> electives;

  /**
   * @param teachers per campus and {@link Course#teacherGroup()}, the staff indexes of every
   *     teacher
   * @param activeTeachers the same, only those still employed, who teach the current year
   */
  Transcript(
      CourseCatalog catalog,
      SchoolCalendar calendar,
      GradingScale scale,
      long seed,
      List<Staff> staff,
      int[][][] teachers,
      int[][][] activeTeachers) {
    this.catalog = catalog;
    this.calendar = calendar;
    this.scale = scale;
    this.seed = seed;
    this.staff = List.copyOf(staff);
    this.teachers = teachers;
    this.activeTeachers = activeTeachers;
    this.electives =
        ELECTIVES.stream()
            .map(
                e -> {
                  String[] pair = e.split("\\|");
                  return new Slot(catalog.get(pair[0]), catalog.get(pair[pair.length - 1]));
                })
            .toList();
  }

  void run(Student s, Sink sink) {
    SplittableRandom r = Seeds.random(seed, Seeds.TRANSCRIPT, s.index());
    int ability = s.choices().ability();
    for (int level = Math.max(6, s.grade() - 3); level <= s.grade(); level++) {
      int year = calendar.yearEnd() - (s.grade() - level);
      List<Slot> slots = year(s, level, r);
      boolean transfer = level < s.entryGrade();
      if (transfer && level < 9) {
        continue; // middle-school grades from another district are not posted
      }
      int campus = level >= 9 ? s.hsCampus() : s.msCampus();
      boolean current = year == calendar.yearEnd();
      Course failed = null;
      for (int period = 0; period < slots.size(); period++) {
        Slot slot = slots.get(period);
        // One mean per period, so a student's two semesters of a course look alike.
        int mean = ability + (int) Math.round(r.nextGaussian() * 5);
        Staff fallTeacher = transfer ? null : teacher(campus, slot.fall(), current, r);
        Staff springTeacher =
            transfer || same(slot.spring(), slot.fall())
                ? fallTeacher
                : teacher(campus, slot.spring(), current, r);
        for (int sem = 1; sem <= 2; sem++) {
          Course course = sem == 1 ? slot.fall() : slot.spring();
          int numeric =
              clamp(mean - course.difficulty() + (int) Math.round(r.nextGaussian() * 3), 35, 100);
          if (!calendar.begun(year, sem)) {
            continue;
          }
          boolean isFinal = calendar.isFinal(year, sem);
          if (!s.enrolled() && (!isFinal || leftBefore(s, year, sem))) {
            continue; // a student who left has no grades in progress, nor for a semester cut short
          }
          sink.grade(
              year,
              level,
              campus,
              sem == 1 ? "S1" : "S2",
              course,
              period,
              numeric,
              isFinal,
              transfer,
              sem == 1 ? fallTeacher : springTeacher);
          if (isFinal
              && failed == null
              && !transfer
              && course.highSchoolCredit()
              && !scale.passed(numeric)) {
            failed = course;
          }
        }
      }
      // Summer school recovers the credit of a failed semester for some.
      if (failed != null && calendar.summerOver(year) && r.nextInt(100) < 60) {
        sink.grade(
            year,
            level,
            campus,
            "SUM",
            failed,
            0,
            scale.passing() + r.nextInt(16),
            true,
            false,
            teacher(campus, failed, false, r));
      }
    }
  }

  private static boolean leftBefore(Student s, int year, int sem) {
    if (s.withdrawalDay() < 0) {
      return false;
    }
    LocalDate end = sem == 1 ? SchoolCalendar.fallEnd(year) : SchoolCalendar.lastDay(year);
    return end.toEpochDay() > s.withdrawalDay();
  }

  /** The courses of one school year of a student, in period order. */
  List<Slot> year(Student s, int level, SplittableRandom r) {
    Student.Choices ch = s.choices();
    List<Slot> out = new ArrayList<>(8);
    if (level <= 8) {
      add(out, catalog.get("ENG", level));
      add(out, level == 8 && ch.algebraIn8() ? catalog.get("ALG1H") : catalog.get("MATH", level));
      add(out, catalog.get("SCI", level));
      add(out, catalog.get("SS", level));
      add(out, catalog.get("PE", level));
      add(
          out,
          catalog.get(
              switch (ch.arts()) {
                case 1 -> "BANDMS";
                case 2 -> "CHOIRMS";
                case 3, 4 -> "ARTMS";
                default -> ch.language() > 0 ? "SPANMS" : "TECHMS";
              }));
      return out;
    }
    int roll = r.nextInt(100);
    int load = roll < 20 ? 6 : roll < 88 ? 7 : 8;
    boolean adv = ch.advanced();
    add(out, catalog.get(english(level, ch)));
    add(out, catalog.get(math(level, ch)));
    add(out, catalog.get(science(level, ch)));
    if (level == 12) {
      addPair(out, adv ? "GOVAP" : "GOV", adv ? "ECONAP" : "ECON", 8, level);
    } else {
      add(out, catalog.get(socialStudies(level, adv)));
    }
    if (ch.athlete()) {
      addIfFree(out, catalog.get("ATH", level - 8), load);
    } else if (level == 9) {
      addPair(out, "PEFIT", "PETEAM", load, level);
    }
    if (level == ch.healthGrade()) {
      addPair(out, "HEALTH", "SPEECH", load, level);
    }
    if (ch.language() > 0 && level >= ch.languageStart() && level < ch.languageStart() + 3) {
      int year = level - ch.languageStart() + 1;
      boolean spanish = ch.language() == 1;
      addIfFree(
          out,
          year == 3 && adv && spanish
              ? catalog.get("SPANAP")
              : catalog.get(spanish ? "SPAN" : "FREN", year),
          load);
    }
    if (ch.cte() >= 0 && level <= 11) {
      addIfFree(out, catalog.get(CTE_PROGRAMS.get(ch.cte()), level - 8), load);
    }
    Course art = arts(level, ch);
    if (art != null) {
      addIfFree(out, art, load);
    }
    for (int i = 0; i < electives.size() && out.size() < load; i++) {
      Slot e = electives.get((ch.electiveSeed() + level * 3 + i) % electives.size());
      if (same(e.fall(), e.spring())) {
        if (e.fall().offeredTo(level)) {
          addIfFree(out, e.fall(), load);
        }
      } else {
        addPair(out, e.fall(), e.spring(), load, level);
      }
    }
    return out;
  }

  /** Courses a student could take instead, for next year's alternate requests. */
  List<Course> alternates(int level, List<Slot> chosen, SplittableRandom r, int count) {
    List<Course> out = new ArrayList<>();
    if (level <= 8) {
      for (String key : new String[] {"ARTMS", "TECHMS", "CHOIRMS", "SPANMS"}) {
        Course c = catalog.get(key);
        if (out.size() < count && !contains(chosen, c)) {
          out.add(c);
        }
      }
      return out;
    }
    int start = r.nextInt(electives.size());
    for (int i = 0; i < electives.size() && out.size() < count; i++) {
      Course c = electives.get((start + i) % electives.size()).fall();
      if (c.offeredTo(level) && !contains(chosen, c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static String english(int level, Student.Choices ch) {
    boolean adv = ch.advanced();
    return switch (level) {
      case 9 -> adv ? "ENG1H" : "ENG1";
      case 10 -> adv ? "ENG2H" : "ENG2";
      case 11 -> adv ? (ch.dualCredit() ? "ENG3DC" : "ENG3AP") : "ENG3";
      default -> adv ? (ch.dualCredit() ? "ENG4DC" : "ENG4AP") : "ENG4";
    };
  }

  private static String math(int level, Student.Choices ch) {
    int step = level - 9 + (ch.algebraIn8() ? 1 : 0);
    if (ch.advanced()) {
      String[] track = {"ALG1H", "GEOMH", "ALG2H", "PRECALH"};
      return step < track.length ? track[step] : (ch.ability() >= 90 ? "CALCAB" : "STATSAP");
    }
    String[] track = {"ALG1", "GEOM", "ALG2", "STATS"};
    return track[Math.min(step, track.length - 1)];
  }

  private static String science(int level, Student.Choices ch) {
    boolean adv = ch.advanced();
    return switch (level) {
      case 9 -> adv ? "BIOH" : "BIO";
      case 10 -> adv ? "CHEMH" : "CHEM";
      case 11 -> adv ? "PHYSAP" : "PHYS";
      default ->
          adv ? (ch.ability() >= 90 ? "CHEMAP" : "BIOAP") : (ch.cte() == 0 ? "ANAT" : "ENVSYS");
    };
  }

  private static String socialStudies(int level, boolean adv) {
    return switch (level) {
      case 9 -> adv ? "WGEOAP" : "WGEO";
      case 10 -> adv ? "WHISTAP" : "WHIST";
      default -> adv ? "USHISTAP" : "USHIST";
    };
  }

  private Course arts(int level, Student.Choices ch) {
    int year = level - ch.artsStart() + 1;
    return switch (ch.arts()) {
      case 1 -> catalog.get("BAND", level - 8);
      case 2 -> year >= 1 && year <= 2 ? catalog.get("CHOIR", year) : null;
      case 3 -> year >= 1 && year <= 3 ? catalog.get("ART", year) : null;
      case 4 -> year >= 1 && year <= 2 ? catalog.get("THEA", year) : null;
      default -> null;
    };
  }

  private Staff teacher(int campus, Course course, boolean current, SplittableRandom r) {
    int[] pool = (current ? activeTeachers : teachers)[campus][course.teacherGroup()];
    return staff.get(pool[r.nextInt(pool.length)]);
  }

  private static void add(List<Slot> out, Course c) {
    out.add(new Slot(c, c));
  }

  private static void addIfFree(List<Slot> out, Course c, int load) {
    if (out.size() < load && !contains(out, c)) {
      out.add(new Slot(c, c));
    }
  }

  private void addPair(List<Slot> out, String fall, String spring, int load, int level) {
    addPair(out, catalog.get(fall), catalog.get(spring), load, level);
  }

  private static void addPair(List<Slot> out, Course a, Course b, int load, int level) {
    if (out.size() < load
        && a.offeredTo(level)
        && b.offeredTo(level)
        && !contains(out, a)
        && !contains(out, b)) {
      out.add(new Slot(a, b));
    }
  }

  private static boolean contains(List<Slot> slots, Course c) {
    for (Slot s : slots) {
      if (same(s.fall(), c) || same(s.spring(), c)) {
        return true;
      }
    }
    return false;
  }

  /** Catalog courses are one instance per key; comparing keys spares the record's field walk. */
  static boolean same(Course a, Course b) {
    return a.key().equals(b.key());
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
