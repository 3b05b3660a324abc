package org.pathways.hub.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;

/**
 * A generated district: its roster is held (students, staff, courses), its grades are replayed
 * student by student whenever they are streamed, so a 200,000-student district with 8,000,000
 * grades fits in a small heap. Streaming a data set twice gives the same rows in the same order.
 * Nothing changes after generation, so several threads may stream at once.
 *
 * <p>Rows are canonical: a {@code String[]} in {@link DataSet#fields()} order, null where the
 * district has no value, dates {@code yyyy-MM-dd}, school years by the year in which they end,
 * flags {@code Y}/{@code N}, lists joined with {@code ;}.
 */
public final class GeneratedDistrict {

  private static final int G_STUDENT = col(DataSet.GRADES, "student_id");
  private static final int G_YEAR = col(DataSet.GRADES, "school_year");
  private static final int G_TERM = col(DataSet.GRADES, "term");
  private static final int G_COURSE = col(DataSet.GRADES, "local_course_id");
  private static final int G_SECTION = col(DataSet.GRADES, "section_id");
  private static final int G_CAMPUS = col(DataSet.GRADES, "campus_id");
  private static final int G_COURSE_NAME = col(DataSet.GRADES, "course_name");
  private static final int G_LEVEL = col(DataSet.GRADES, "grade_level_taken");
  private static final int G_LETTER = col(DataSet.GRADES, "letter_grade");
  private static final int G_NUMERIC = col(DataSet.GRADES, "numeric_grade");
  private static final int G_ATTEMPTED = col(DataSet.GRADES, "credits_attempted");
  private static final int G_EARNED = col(DataSet.GRADES, "credits_earned");
  private static final int G_STATUS = col(DataSet.GRADES, "grade_status");
  private static final int G_TEACHER = col(DataSet.GRADES, "teacher_id");
  private static final int G_STATE_CODE = col(DataSet.GRADES, "state_course_code");
  private static final int G_RESULT = col(DataSet.GRADES, "course_attempt_result");
  private static final int G_DUAL = col(DataSet.GRADES, "dual_credit");
  private static final int G_TRANSFER = col(DataSet.GRADES, "transfer");

  /** Two-digit grade levels and periods, made once: the grade rows reuse them millions of times. */
  private static final List<String> TWO_DIGITS =
      IntStream.rangeClosed(0, 99).mapToObj(i -> i < 10 ? "0" + i : Integer.toString(i)).toList();

  private final DistrictGenerator options;
  private final SchoolCalendar calendar;
  private final String districtId;
  private final String districtName;
  private final String code;
  private final List<Campus> campuses;
  private final List<Staff> staff;
  private final List<User> users;
  private final List<Student> students;
  private final List<String> firstNames;
  private final List<String> lastNames;
  private final CourseCatalog catalog;
  private final GradingScale scale;
  private final Transcript transcript;
  private final IbcCatalog ibc;
  private final String domain;
  private final String[] years;
  private final String[] numerics = new String[101];

  /** GPAs in thousandths, -1 where a student has no final high-school grade yet. */
  private final int[] weighted;

  private final int[] unweighted;
  private final int[] weightedRank;
  private final int[] unweightedRank;
  private final int[] classSize;

  GeneratedDistrict(
      DistrictGenerator options,
      SchoolCalendar calendar,
      String districtId,
      String districtName,
      String code,
      List<Campus> campuses,
      List<Staff> staff,
      List<User> users,
      List<Student> students,
      List<String> firstNames,
      List<String> lastNames,
      CourseCatalog catalog,
      GradingScale scale,
      Transcript transcript,
      IbcCatalog ibc,
      String domain) {
    this.options = options;
    this.calendar = calendar;
    this.districtId = districtId;
    this.districtName = districtName;
    this.code = code;
    this.campuses = List.copyOf(campuses);
    this.staff = List.copyOf(staff);
    this.users = List.copyOf(users);
    this.students = List.copyOf(students);
    this.firstNames = firstNames;
    this.lastNames = lastNames;
    this.catalog = catalog;
    this.scale = scale;
    this.transcript = transcript;
    this.ibc = ibc;
    this.domain = domain;
    this.years = new String[8];
    for (int i = 0; i < years.length; i++) {
      years[i] = Integer.toString(calendar.yearEnd() - 6 + i);
    }
    for (int i = 0; i <= 100; i++) {
      numerics[i] = Integer.toString(i);
    }
    int n = students.size();
    this.weighted = new int[n];
    this.unweighted = new int[n];
    this.weightedRank = new int[n];
    this.unweightedRank = new int[n];
    this.classSize = new int[n];
    computeGpa();
  }

  public State state() {
    return options.state();
  }

  public long seed() {
    return options.seed();
  }

  /** The day the district's data describes. */
  public LocalDate today() {
    return options.today();
  }

  /** The current school year, by the calendar year in which it ends. */
  public int schoolYear() {
    return calendar.yearEnd();
  }

  /** Texas: the 6-digit county-district number. Indiana: the 4-digit corporation number. */
  public String districtId() {
    return districtId;
  }

  public String districtName() {
    return districtName;
  }

  /** A code for the hub (lower-case letters, digits and dashes), made from the name. */
  public String code() {
    return code;
  }

  public List<Campus> campuses() {
    return campuses;
  }

  public int studentCount() {
    return students.size();
  }

  /**
   * Streams the canonical rows of one data set, in a stable order. Each row is a new array the
   * consumer may keep. Indiana districts have no IBC rows.
   */
  public void forEach(DataSet dataSet, Consumer<String[]> sink) {
    Objects.requireNonNull(sink, "sink");
    switch (dataSet) {
      case STUDENTS -> students(sink);
      case TEACHERS -> teachers(sink);
      case USERS -> users(sink);
      case COURSE_CROSSWALK -> courses(sink);
      case GRADES -> grades(sink);
      case GPA -> gpa(sink);
      case IBC -> ibc(sink);
      case COURSE_REQUESTS -> requests(sink);
    }
  }

  /** The number of rows of a data set, by streaming it. */
  public long count(DataSet dataSet) {
    long[] n = {0};
    forEach(dataSet, row -> n[0]++);
    return n[0];
  }

  private void students(Consumer<String[]> sink) {
    Row row = new Row(DataSet.STUDENTS);
    for (Student s : students) {
      Campus campus = campuses.get(s.campus());
      String first = firstNames.get(s.first());
      String middle = s.middle() < 0 ? null : firstNames.get(s.middle());
      String last = lastNames.get(s.last());
      Staff counselor = staff.get(s.counselor());
      String id = s.studentId();
      int i = s.index();
      row.start()
          .set("student_id", id)
          .set("state_student_id", s.stateId())
          .set("first_name", first)
          .set("last_name", last)
          .set("middle_name", middle)
          .set("preferred_first_name", s.goesByMiddleName() ? middle : null)
          .set("birth_date", LocalDate.ofEpochDay(s.birthDay()).toString())
          .set("gender", s.gender())
          .set("grade_level", TWO_DIGITS.get(s.grade()))
          .set("campus_id", campus.id())
          .set("campus_name", campus.name())
          .set("graduation_year", Integer.toString(calendar.yearEnd() + 12 - s.grade()))
          .set("graduation_plan", s.plan())
          .set("endorsements", s.endorsements())
          .set("program_of_study", s.programOfStudy())
          .set("counselor_id", counselor.id())
          .set("counselor_email", counselor.email())
          .set(
              "student_email",
              DistrictBuilder.ascii(first)
                  + "."
                  + DistrictBuilder.ascii(last)
                  + id.substring(id.length() - 3)
                  + "@students."
                  + domain)
          .set("enrollment_status", s.status())
          .set("entry_date", LocalDate.ofEpochDay(s.entryDay()).toString())
          .set(
              "withdrawal_date",
              s.withdrawalDay() < 0 ? null : LocalDate.ofEpochDay(s.withdrawalDay()).toString())
          .set("sped", flag(s.flag(Student.SPED)))
          .set("section_504", flag(s.flag(Student.SECTION_504)))
          .set("emergent_bilingual", flag(s.flag(Student.EMERGENT_BILINGUAL)))
          .set("gifted_talented", flag(s.flag(Student.GIFTED)))
          .set("economically_disadvantaged", flag(s.flag(Student.ECONOMIC)))
          .set("fafsa_status", s.fafsa())
          .set("gpa_weighted", gpa(weighted[i]))
          .set("gpa_unweighted", gpa(unweighted[i]))
          .set("class_rank", weighted[i] < 0 ? null : Integer.toString(weightedRank[i]))
          .set("class_size", weighted[i] < 0 ? null : Integer.toString(classSize[i]));
      sink.accept(row.build());
    }
  }

  private void teachers(Consumer<String[]> sink) {
    Row row = new Row(DataSet.TEACHERS);
    for (Staff s : staff) {
      sink.accept(
          row.start()
              .set("teacher_id", s.id())
              .set("state_staff_id", s.stateId())
              .set("first_name", s.firstName())
              .set("last_name", s.lastName())
              .set("email", s.email())
              .set("campus_id", campuses.get(s.campus()).id())
              .set("role", s.role())
              .set("active", flag(s.active()))
              .build());
    }
  }

  private void users(Consumer<String[]> sink) {
    Row row = new Row(DataSet.USERS);
    for (User u : users) {
      sink.accept(
          row.start()
              .set("email", u.email())
              .set("first_name", u.firstName())
              .set("last_name", u.lastName())
              .set("role", u.role())
              .set("campus_ids", u.campusIds())
              .set("staff_id", u.staffId())
              .build());
    }
  }

  private void courses(Consumer<String[]> sink) {
    Row row = new Row(DataSet.COURSE_CROSSWALK);
    for (Course c : catalog.all()) {
      sink.accept(
          row.start()
              .set("local_course_id", c.localId())
              .set("course_name", c.name())
              .set("state_course_code", c.stateCode())
              .set("credits", c.credits())
              .set("subject_area", c.subject())
              .set("course_level", c.level())
              .set("grade_low", c.gradeLow())
              .set("grade_high", c.gradeHigh())
              .set("terms", Integer.toString(c.terms()))
              .set("endorsement", c.endorsement())
              .set("active", "Y")
              .build());
    }
  }

  private void grades(Consumer<String[]> sink) {
    int width = DataSet.GRADES.fields().size();
    boolean texas = state() == State.TX;
    for (Student s : students) {
      String id = s.studentId();
      transcript.run(
          s,
          (year, level, campus, term, course, period, numeric, isFinal, transfer, teacher) -> {
            boolean passed = scale.passed(numeric);
            String[] r = new String[width];
            r[G_STUDENT] = id;
            r[G_YEAR] = years[year - calendar.yearEnd() + 6];
            r[G_TERM] = term;
            r[G_COURSE] = course.localId();
            r[G_SECTION] = transfer ? null : TWO_DIGITS.get(period + 1);
            r[G_CAMPUS] = campuses.get(campus).id();
            r[G_COURSE_NAME] = course.name();
            r[G_LEVEL] = TWO_DIGITS.get(level);
            r[G_LETTER] = scale.letter(numeric);
            r[G_NUMERIC] = numerics[numeric];
            r[G_ATTEMPTED] = course.credits();
            r[G_EARNED] = isFinal && passed ? course.credits() : "0";
            r[G_STATUS] = isFinal ? "FINAL" : "IN_PROGRESS";
            r[G_TEACHER] = teacher == null ? null : teacher.id();
            r[G_STATE_CODE] = course.stateCode();
            if (texas && isFinal) {
              r[G_RESULT] = attemptResult(course, passed);
            }
            r[G_DUAL] = flag("DC".equals(course.level()));
            r[G_TRANSFER] = flag(transfer);
            sink.accept(r);
          });
    }
  }

  /**
   * TEA code table C136: passed with credit, failed without (a first attempt), or for a course
   * without high-school credit the non-high-school codes.
   */
  private static String attemptResult(Course course, boolean passed) {
    if (!course.highSchoolCredit()) {
      return passed ? "13" : "14";
    }
    return passed ? "01" : "02";
  }

  private void gpa(Consumer<String[]> sink) {
    Row row = new Row(DataSet.GPA);
    String asOf = calendar.lastFinalSemesterEnd().toString();
    for (Student s : students) {
      int i = s.index();
      if (weighted[i] < 0) {
        continue;
      }
      String size = Integer.toString(classSize[i]);
      sink.accept(
          row.start()
              .set("student_id", s.studentId())
              .set("gpa_type", "WEIGHTED")
              .set("gpa_value", gpa(weighted[i]))
              .set("gpa_scale", "5")
              .set("class_rank", Integer.toString(weightedRank[i]))
              .set("class_size", size)
              .set("as_of_date", asOf)
              .build());
      sink.accept(
          row.start()
              .set("student_id", s.studentId())
              .set("gpa_type", "UNWEIGHTED")
              .set("gpa_value", gpa(unweighted[i]))
              .set("gpa_scale", "4")
              .set("class_rank", Integer.toString(unweightedRank[i]))
              .set("class_size", size)
              .set("as_of_date", asOf)
              .build());
    }
  }

  /**
   * Industry-based certifications: some juniors and seniors, more of them in a career program,
   * earned one or two during a past or the current school year.
   */
  private void ibc(Consumer<String[]> sink) {
    if (ibc == null) {
      return;
    }
    Row row = new Row(DataSet.IBC);
    List<IbcCatalog.Ibc> all = ibc.all();
    LocalDate yesterday = options.today().minusDays(1);
    for (Student s : students) {
      if (s.grade() < 10) {
        continue;
      }
      SplittableRandom r = Seeds.random(options.seed(), Seeds.IBC, s.index());
      int odds =
          (s.grade() == 10 ? 3 : s.grade() == 11 ? 8 : 14) * (s.choices().cte() >= 0 ? 3 : 2) / 2;
      if (r.nextInt(100) >= odds) {
        continue;
      }
      int count = r.nextInt(100) < 75 ? 1 : 2;
      int firstCode = r.nextInt(all.size());
      for (int k = 0; k < count; k++) {
        IbcCatalog.Ibc cert = all.get((firstCode + k * 37) % all.size());
        int level = 10 + r.nextInt(s.grade() - 9);
        int year = calendar.yearEnd() - (s.grade() - level);
        LocalDate from = LocalDate.of(year - 1, 10, 1);
        LocalDate to = LocalDate.of(year, 5, 15);
        LocalDate last =
            s.withdrawalDay() < 0 ? yesterday : LocalDate.ofEpochDay(s.withdrawalDay() - 1);
        to = to.isAfter(last) ? last : to;
        long span = to.toEpochDay() - from.toEpochDay();
        boolean pass = r.nextInt(100) < 94;
        if (span < 0) {
          continue; // the certification would be earned in the future
        }
        sink.accept(
            row.start()
                .set("student_id", s.studentId())
                .set("ibc_code", cert.code())
                .set("date_earned", from.plusDays(r.nextLong(span + 1)).toString())
                .set("ibc_name", cert.name())
                .set("vendor_code", cert.vendorCode())
                .set("result", pass ? "PASS" : "FAIL")
                .set("school_year", Integer.toString(year))
                .build());
      }
    }
  }

  /** Next year's requests: the courses of next year's schedule, then an alternate or two. */
  private void requests(Consumer<String[]> sink) {
    Row row = new Row(DataSet.COURSE_REQUESTS);
    String year = Integer.toString(calendar.yearEnd() + 1);
    for (Student s : students) {
      if (!s.enrolled() || s.grade() >= 12) {
        continue;
      }
      SplittableRandom r = Seeds.random(options.seed(), Seeds.REQUESTS, s.index());
      int next = s.grade() + 1;
      String campus = campuses.get(next >= 9 ? s.hsCampus() : s.msCampus()).id();
      List<Transcript.Slot> slots = transcript.year(s, next, r);
      List<Course> primary = new ArrayList<>();
      for (Transcript.Slot slot : slots) {
        primary.add(slot.fall());
        if (!Transcript.same(slot.spring(), slot.fall())) {
          primary.add(slot.spring());
        }
      }
      List<Course> alternates = transcript.alternates(next, slots, r, 1 + r.nextInt(2));
      int priority = 0;
      for (Course c : primary) {
        sink.accept(request(row, s, year, c, "PRIMARY", ++priority, campus));
      }
      for (Course c : alternates) {
        sink.accept(request(row, s, year, c, "ALTERNATE", ++priority, campus));
      }
    }
  }

  private static String[] request(
      Row row, Student s, String year, Course c, String type, int priority, String campus) {
    return row.start()
        .set("student_id", s.studentId())
        .set("school_year", year)
        .set("local_course_id", c.localId())
        .set("request_type", type)
        .set("priority", Integer.toString(priority))
        .set("campus_id", campus)
        .build();
  }

  /**
   * GPA over final high-school grades (grade 9 and up), every semester weighing the same since a
   * state's semesters carry the same credit; ranks within the class (the grade level), ties sharing
   * a rank.
   */
  private void computeGpa() {
    double[] tally = new double[3];
    for (Student s : students) {
      Arrays.fill(tally, 0);
      transcript.run(
          s,
          (year, level, campus, term, course, period, numeric, isFinal, transfer, teacher) -> {
            if (isFinal && level >= 9 && course.highSchoolCredit()) {
              double points = scale.points(numeric);
              tally[0] += points;
              tally[1] += scale.passed(numeric) ? points + course.weight() : points;
              tally[2]++;
            }
          });
      int i = s.index();
      unweighted[i] = tally[2] == 0 ? -1 : (int) Math.round(tally[0] / tally[2] * 1000);
      weighted[i] = tally[2] == 0 ? -1 : (int) Math.round(tally[1] / tally[2] * 1000);
    }
    for (int grade = 6; grade <= 12; grade++) {
      rank(grade, weighted, weightedRank);
      rank(grade, unweighted, unweightedRank);
    }
  }

  private void rank(int grade, int[] gpa, int[] rank) {
    List<Integer> members = new ArrayList<>();
    for (Student s : students) {
      if (s.grade() == grade && gpa[s.index()] >= 0) {
        members.add(s.index());
      }
    }
    int[] sorted = members.stream().mapToInt(i -> -gpa[i]).sorted().toArray();
    for (int i : members) {
      // The first position holding this GPA: everyone before it has a higher one.
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] < -gpa[i]) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      rank[i] = lo + 1;
      classSize[i] = sorted.length;
    }
  }

  private static String gpa(int thousandths) {
    if (thousandths < 0) {
      return null;
    }
    int frac = thousandths % 1000;
    return thousandths / 1000 + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }

  private static String flag(boolean value) {
    return value ? "Y" : "N";
  }

  private static int col(DataSet dataSet, String field) {
    int i = dataSet.indexOf(field);
    if (i < 0) {
      throw new IllegalStateException(dataSet + " has no field " + field);
    }
    return i;
  }

  /** Fills one canonical row by field name; for the data sets with few rows. */
  private static final class Row {
    private final Map<String, Integer> index = new HashMap<>();
    private final int width;
    private String[] values;

    Row(DataSet dataSet) {
      this.width = dataSet.fields().size();
      for (int i = 0; i < width; i++) {
        index.put(dataSet.fields().get(i).name(), i);
      }
    }

    Row start() {
      values = new String[width];
      return this;
    }

    Row set(String field, String value) {
      Integer i = index.get(field);
      if (i == null) {
        throw new IllegalStateException("No field " + field + " in " + index.keySet());
      }
      values[i] = value;
      return this;
    }

    String[] build() {
      return values;
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s (%s), %d students, %d campuses, seed %d, as of %s",
        options.state(),
        districtName,
        districtId,
        students.size(),
        campuses.size(),
        options.seed(),
        options.today());
  }
}
