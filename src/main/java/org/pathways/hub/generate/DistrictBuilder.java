package org.pathways.hub.generate;

import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.pathways.hub.district.State;

/**
 * Builds the roster of a generated district in one pass over one random stream: its identity,
 * campuses, staff, users and students, then every student's GPA and class rank, which need the
 * whole class. Grades are not kept: {@link Transcript} replays them per student on demand.
 */
final class DistrictBuilder {

  /** Shares of the students per grade level, 6 to 12: a high-school product, some middle school. */
  private static final int[] GRADE_WEIGHTS = {5, 5, 5, 24, 22, 20, 19};

  /** Shares of the teachers per {@link Course#teacherGroup()} beyond the first of each. */
  private static final int[] GROUP_WEIGHTS = {16, 15, 13, 12, 7, 9, 8, 12, 8};

  private static final int MAX_HIGH_SCHOOLS = 40;
  private static final int MAX_MIDDLE_SCHOOLS = 59;

  /**
   * TEA program-of-study codes of the career programs, in {@link Transcript#CTE_PROGRAMS} order.
   */
  private static final String[] PROGRAM_OF_STUDY = {"032", "011", "047", "022", "004", "036"};

  /** The endorsement each career program leads to, in the same order. */
  private static final String[] PROGRAM_ENDORSEMENT = {"PS", "BI", "STEM", "STEM", "BI", "PS"};

  private static final List<String> ENDORSEMENT_ORDER = List.of("STEM", "BI", "PS", "AH", "MD");

  private final DistrictGenerator options;
  private final SplittableRandom random;
  private final SchoolCalendar calendar;
  private final NamePools names;
  private final List<String> firstNames;
  private final int maleNames;
  private final Set<String> emails = new HashSet<>();
  private final Set<Long> stateIds = new HashSet<>();

  DistrictBuilder(DistrictGenerator options) {
    this.options = options;
    this.random = Seeds.random(options.seed(), Seeds.DISTRICT, 0);
    this.calendar = SchoolCalendar.of(options.today());
    this.names = NamePools.load();
    List<String> all = new ArrayList<>(names.first("M"));
    this.maleNames = all.size();
    all.addAll(names.first("F"));
    this.firstNames = List.copyOf(all);
  }

  GeneratedDistrict build() {
    State state = options.state();
    int n = options.students();
    int[] grade = new int[n];
    int highSchoolers = 0;
    for (int i = 0; i < n; i++) {
      grade[i] = 6 + weighted(GRADE_WEIGHTS);
      highSchoolers += grade[i] >= 9 ? 1 : 0;
    }

    // Identity: a town name, and the state's district number.
    int[] towns = distinct(names.last().size(), 1 + MAX_HIGH_SCHOOLS + MAX_MIDDLE_SCHOOLS);
    String town = names.last().get(towns[0]);
    String districtId;
    String districtName;
    if (state == State.TX) {
      districtId =
          String.format(Locale.ROOT, "%03d%03d", 1 + random.nextInt(254), 901 + random.nextInt(99));
      districtName = town + (random.nextInt(4) == 0 ? " Consolidated ISD" : " ISD");
    } else {
      districtId = String.format(Locale.ROOT, "%04d", 10 + random.nextInt(9890));
      districtName =
          switch (random.nextInt(3)) {
            case 0 -> town + " Community Schools";
            case 1 -> town + " School Corporation";
            default -> "School Town of " + town;
          };
    }
    String code = slug(districtName);
    String domain = code + ".example.org";

    // Campuses: a high school per 1,800 students, one and a half middle schools per high school.
    int hsCount = clamp((highSchoolers + 1799) / 1800, 1, MAX_HIGH_SCHOOLS);
    int msCount =
        clamp(
            Math.max((n - highSchoolers + 699) / 700, hsCount + hsCount / 2),
            1,
            MAX_MIDDLE_SCHOOLS);
    List<Campus> campuses = new ArrayList<>();
    int inBase = 1000 + random.nextInt(8000 - 3 * (MAX_HIGH_SCHOOLS + MAX_MIDDLE_SCHOOLS));
    for (int c = 0; c < hsCount + msCount; c++) {
      boolean hs = c < hsCount;
      String id =
          state == State.TX
              ? districtId + String.format(Locale.ROOT, "%03d", hs ? c + 1 : 41 + c - hsCount)
              : String.format(Locale.ROOT, "%04d", inBase + 3 * c + random.nextInt(3));
      String name = names.last().get(towns[1 + c]);
      String kind =
          !hs
              ? " Middle School"
              : c >= 2 && random.nextInt(5) == 0 ? " Early College High School" : " High School";
      campuses.add(new Campus(id, name + kind, hs));
    }

    // Students to campuses: uneven campus sizes; a middle school feeds one high school.
    double[] hsWeight = sizes(hsCount);
    double[] msWeight = sizes(msCount);
    int[] hsOf = new int[n];
    int[] msOf = new int[n];
    int[] enrolled = new int[campuses.size()];
    for (int i = 0; i < n; i++) {
      if (grade[i] >= 9) {
        hsOf[i] = pick(hsWeight);
        msOf[i] = hsCount + feeder(hsOf[i], hsCount, msCount);
        enrolled[hsOf[i]]++;
      } else {
        msOf[i] = hsCount + pick(msWeight);
        hsOf[i] = (msOf[i] - hsCount) % hsCount;
        enrolled[msOf[i]]++;
      }
    }

    Staffing staffing = staff(campuses, enrolled, hsCount, domain);
    List<Staff> staff = staffing.staff;

    Student[] students = new Student[n];
    long localId = 100000L + random.nextInt(300000);
    for (int i = 0; i < n; i++) {
      localId += 1 + random.nextInt(3);
      students[i] =
          student(i, Long.toString(localId), grade[i], hsOf[i], msOf[i], staffing.counselors);
    }

    CourseCatalog catalog = CourseCatalog.of(state);
    GradingScale scale = GradingScale.of(state);
    Transcript transcript =
        new Transcript(
            catalog,
            calendar,
            scale,
            options.seed(),
            staff,
            staffing.teachers,
            staffing.activeTeachers);
    return new GeneratedDistrict(
        options,
        calendar,
        districtId,
        districtName,
        code,
        campuses,
        staff,
        staffing.users,
        Arrays.asList(students),
        firstNames,
        names.last(),
        catalog,
        scale,
        transcript,
        state == State.TX ? IbcCatalog.load() : null,
        domain);
  }

  /** The staff of the district and who of them signs in to Pathways. */
  private static final class Staffing {
    final List<Staff> staff;
    final List<User> users;

    /** Per campus, the staff indexes of its counselors. */
    final int[][] counselors;

    /** Per campus and teacher group, the staff indexes of its teachers. */
    final int[][][] teachers;

    /** The same, only those still employed. */
    final int[][][] activeTeachers;

    Staffing(
        List<Staff> staff,
        List<User> users,
        int[][] counselors,
        int[][][] teachers,
        int[][][] activeTeachers) {
      this.staff = staff;
      this.users = users;
      this.counselors = counselors;
      this.teachers = teachers;
      this.activeTeachers = activeTeachers;
    }
  }

  /**
   * A teacher per 20 students with at least one per teacher group, a counselor per 400, an
   * administrator per 800, a registrar per high school, and the central office.
   */
  private Staffing staff(List<Campus> campuses, int[] enrolled, int hsCount, String domain) {
    State state = options.state();
    List<Staff> staff = new ArrayList<>();
    List<User> users = new ArrayList<>();
    int[][] counselors = new int[campuses.size()][];
    int[][][] teachers = new int[campuses.size()][Course.TEACHER_GROUPS][];
    int[][][] activeTeachers = new int[campuses.size()][Course.TEACHER_GROUPS][];
    int staffId = 10000 + random.nextInt(40000);
    for (int c = 0; c < campuses.size(); c++) {
      Campus campus = campuses.get(c);
      int size = enrolled[c];
      List<List<Integer>> all = new ArrayList<>();
      List<List<Integer>> active = new ArrayList<>();
      for (int g = 0; g < Course.TEACHER_GROUPS; g++) {
        all.add(new ArrayList<>());
        active.add(new ArrayList<>());
      }
      int teacherCount = Math.max(Course.TEACHER_GROUPS, Math.round(size / 20f));
      for (int t = 0; t < teacherCount; t++) {
        int group = t < Course.TEACHER_GROUPS ? t : weighted(GROUP_WEIGHTS);
        // The first teacher of each group stays, so every course has a current teacher.
        boolean isActive = t < Course.TEACHER_GROUPS || random.nextInt(100) >= 3;
        staffId += 1 + random.nextInt(3);
        Staff s = person(staffId, state, domain, c, "TEACHER", group, isActive);
        all.get(group).add(staff.size());
        if (isActive) {
          active.get(group).add(staff.size());
        }
        staff.add(s);
      }
      for (int g = 0; g < Course.TEACHER_GROUPS; g++) {
        teachers[c][g] = all.get(g).stream().mapToInt(Integer::intValue).toArray();
        activeTeachers[c][g] = active.get(g).stream().mapToInt(Integer::intValue).toArray();
      }
      int counselorCount = Math.max(1, Math.round(size / 400f));
      counselors[c] = new int[counselorCount];
      for (int k = 0; k < counselorCount; k++) {
        staffId += 1 + random.nextInt(3);
        counselors[c][k] = staff.size();
        Staff s = person(staffId, state, domain, c, "COUNSELOR", -1, true);
        staff.add(s);
        users.add(
            new User(s.email(), s.firstName(), s.lastName(), "COUNSELOR", campus.id(), s.id()));
      }
      int adminCount = 1 + size / 800;
      for (int k = 0; k < adminCount; k++) {
        staffId += 1 + random.nextInt(3);
        Staff s = person(staffId, state, domain, c, "ADMIN", -1, true);
        staff.add(s);
        users.add(
            new User(s.email(), s.firstName(), s.lastName(), "CAMPUS_ADMIN", campus.id(), s.id()));
      }
      if (campus.highSchool()) {
        staffId += 1 + random.nextInt(3);
        Staff s = person(staffId, state, domain, c, "OTHER", -1, true);
        staff.add(s);
        users.add(
            new User(s.email(), s.firstName(), s.lastName(), "REGISTRAR", campus.id(), s.id()));
      }
    }
    // Central office: district administrators and, with several high schools, a coordinator
    // who counsels across them. They sign in to Pathways but teach nowhere.
    for (int k = 0; k < 2; k++) {
      Staff s = person(0, state, domain, -1, "ADMIN", -1, true);
      users.add(new User(s.email(), s.firstName(), s.lastName(), "DISTRICT_ADMIN", null, null));
    }
    if (hsCount > 1) {
      Staff s = person(0, state, domain, -1, "COUNSELOR", -1, true);
      String all = String.join(";", campuses.subList(0, hsCount).stream().map(Campus::id).toList());
      users.add(new User(s.email(), s.firstName(), s.lastName(), "COUNSELOR", all, null));
    }

    return new Staffing(staff, users, counselors, teachers, activeTeachers);
  }

  private Student student(
      int index, String localId, int grade, int hs, int ms, int[][] counselors) {
    State state = options.state();
    int yearEnd = calendar.yearEnd();
    LocalDate today = options.today();
    String stateId = stateStudentId(state);

    int g = random.nextInt(1000);
    String gender = g < 5 ? "X" : g < 505 ? "M" : "F";
    boolean malePool = "M".equals(gender) || ("X".equals(gender) && random.nextBoolean());
    int first = firstName(malePool);
    int middle = random.nextInt(100) < 55 ? firstName(malePool) : -1;
    int last = random.nextInt(names.last().size());

    // Age on September 1 of the school year: grade + 5, a year more for a few held back.
    LocalDate cutoff = LocalDate.of(yearEnd - 1, Month.SEPTEMBER, 1);
    int age = grade + 5 + (random.nextInt(100) < 3 ? 1 : 0);
    LocalDate earliest = cutoff.minusYears(age + 1L).plusDays(1);
    long span = ChronoUnit.DAYS.between(earliest, cutoff.minusYears(age));
    LocalDate birth = earliest.plusDays(random.nextLong(span + 1));

    int entryGrade = 0;
    LocalDate entry = SchoolCalendar.firstDay(yearEnd - grade);
    if (grade >= 7 && random.nextInt(100) < 12) {
      entryGrade = 7 + random.nextInt(grade - 6);
      entry = SchoolCalendar.firstDay(yearEnd - (grade - entryGrade)).plusDays(random.nextInt(30));
      if (entry.isAfter(today)) {
        entry = today;
      }
    }

    String status = "A";
    long withdrawal = -1;
    int roll = random.nextInt(1000);
    LocalDate from = later(entry, SchoolCalendar.firstDay(yearEnd)).plusDays(1);
    LocalDate to = calendar.semester() == 0 ? SchoolCalendar.lastDay(yearEnd) : today.minusDays(1);
    if (roll < 25 && !to.isBefore(from)) {
      status = "W";
      withdrawal = from.toEpochDay() + random.nextLong(to.toEpochDay() - from.toEpochDay() + 1);
    } else if (roll < 40) {
      status = "I";
    }

    Student.Choices choices = choices();
    int graduationYear = yearEnd + 12 - grade;
    String plan = grade >= 8 ? plan(state, graduationYear, choices) : null;
    String endorsements = plan != null && plan.startsWith("FHSP-") ? endorsements(choices) : null;
    String programOfStudy =
        state == State.TX && grade >= 9 && choices.cte() >= 0
            ? PROGRAM_OF_STUDY[choices.cte()]
            : null;

    int[] campusCounselors = counselors[grade >= 9 ? hs : ms];
    int letter =
        Math.max(0, Math.min(25, Character.toUpperCase(names.last().get(last).charAt(0)) - 'A'));
    int counselor = campusCounselors[letter * campusCounselors.length / 26];

    int flags = 0;
    flags |= random.nextInt(100) < 12 ? Student.SPED : 0;
    flags |= random.nextInt(100) < 8 ? Student.SECTION_504 : 0;
    flags |= random.nextInt(100) < (state == State.TX ? 20 : 8) ? Student.EMERGENT_BILINGUAL : 0;
    flags |= random.nextInt(100) < (choices.advanced() ? 35 : 6) ? Student.GIFTED : 0;
    flags |= random.nextInt(100) < (state == State.TX ? 60 : 45) ? Student.ECONOMIC : 0;
    String fafsa = null;
    if (state == State.TX && grade == 12) {
      int f = random.nextInt(100);
      fafsa = f < 45 ? "C" : f < 90 ? "N" : "O";
    }
    boolean goesByMiddle = middle >= 0 && random.nextInt(100) < 4;
    return new Student(
        index,
        localId,
        stateId,
        gender,
        first,
        middle,
        last,
        grade,
        hs,
        ms,
        birth.toEpochDay(),
        entryGrade,
        entry.toEpochDay(),
        status,
        withdrawal,
        plan,
        endorsements,
        programOfStudy,
        counselor,
        flags,
        fafsa,
        goesByMiddle,
        choices);
  }

  private Student.Choices choices() {
    int ability = clamp((int) Math.round(83 + random.nextGaussian() * 6), 66, 98);
    int advancedOdds = ability >= 88 ? 75 : ability >= 82 ? 30 : 5;
    boolean advanced = random.nextInt(100) < advancedOdds;
    boolean algebraIn8 = advanced && random.nextInt(100) < 65;
    boolean dualCredit = advanced && random.nextInt(100) < 35;
    boolean athlete = random.nextInt(100) < 22;
    int healthGrade = 9 + random.nextInt(2);
    int l = random.nextInt(100);
    int language = l < 15 ? 0 : l < 85 ? 1 : 2;
    int languageStart = random.nextInt(100) < 60 ? 9 : 10;
    int a = random.nextInt(100);
    int arts = a < 15 ? 1 : a < 25 ? 2 : a < 65 ? 3 : a < 80 ? 4 : 0;
    int artsStart = arts == 1 ? 9 : 9 + random.nextInt(2);
    int cte = random.nextInt(100) < 80 ? random.nextInt(Transcript.CTE_PROGRAMS.size()) : -1;
    return new Student.Choices(
        ability,
        advanced,
        algebraIn8,
        dualCredit,
        athlete,
        healthGrade,
        language,
        languageStart,
        arts,
        artsStart,
        cte,
        random.nextInt(100));
  }

  private String plan(State state, int graduationYear, Student.Choices ch) {
    int r = random.nextInt(100);
    if (state == State.TX) {
      if (ch.advanced()) {
        return r < 85 ? "FHSP-DLA" : "FHSP-E";
      }
      return r < 15 ? "FHSP" : r < 55 ? "FHSP-E" : "FHSP-DLA";
    }
    if (graduationYear >= 2029) {
      return "IN-DIPLOMA"; // one Indiana Diploma from the class of 2029
    }
    if (ch.advanced()) {
      return r < 70 ? "CORE40-AHD" : "CORE40";
    }
    if (ch.cte() >= 0 && r < 25) {
      return "CORE40-THD";
    }
    return r < 37 ? "GENERAL" : "CORE40";
  }

  private String endorsements(Student.Choices ch) {
    Set<String> chosen = new HashSet<>();
    if (ch.cte() >= 0) {
      chosen.add(PROGRAM_ENDORSEMENT[ch.cte()]);
    } else {
      chosen.add(ch.advanced() ? "STEM" : ch.arts() > 0 ? "AH" : "MD");
    }
    if (random.nextInt(100) < 25) {
      chosen.add("MD");
    }
    return String.join(";", ENDORSEMENT_ORDER.stream().filter(chosen::contains).toList());
  }

  /** Texas: a 10-digit TSDS unique id. Indiana: a 9-digit STN, one in ten with a leading zero. */
  private String stateStudentId(State state) {
    while (true) {
      long id =
          state == State.TX
              ? 1_000_000_000L + random.nextLong(9_000_000_000L)
              : 1 + random.nextLong(999_999_999L);
      if (stateIds.add(id)) {
        return state == State.TX ? Long.toString(id) : String.format(Locale.ROOT, "%09d", id);
      }
    }
  }

  private Staff person(
      int id, State state, String domain, int campus, String role, int group, boolean active) {
    boolean male = random.nextBoolean();
    String first = firstNames.get(firstName(male));
    String last = names.last().get(random.nextInt(names.last().size()));
    String email = email(ascii(first) + "." + ascii(last), domain);
    String stateId = null;
    if (id > 0) {
      while (stateId == null) {
        long candidate =
            state == State.TX
                ? 1_000_000_000L + random.nextLong(9_000_000_000L)
                : 1_000_000L + random.nextLong(9_000_000L);
        if (stateIds.add(candidate)) {
          stateId = Long.toString(candidate);
        }
      }
    }
    return new Staff(
        id > 0 ? Long.toString(id) : null,
        stateId,
        first,
        last,
        email,
        campus,
        role,
        group,
        active);
  }

  private String email(String local, String domain) {
    String email = local + "@" + domain;
    for (int k = 2; !emails.add(email); k++) {
      email = local + k + "@" + domain;
    }
    return email;
  }

  static String ascii(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = Character.toLowerCase(name.charAt(i));
      if (c >= 'a' && c <= 'z') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The hub's district code: lower-case letters, digits and dashes, at most 40 characters. */
  static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    s = s.length() > 40 ? s.substring(0, 40).replaceAll("-$", "") : s;
    return s.length() < 2 ? "district-" + s : s;
  }

  private int firstName(boolean male) {
    return male
        ? random.nextInt(maleNames)
        : maleNames + random.nextInt(firstNames.size() - maleNames);
  }

  /** The middle school that fed a high-school student: one whose index maps to the high school. */
  private int feeder(int hs, int hsCount, int msCount) {
    int feeders = (msCount - hs + hsCount - 1) / hsCount;
    return hs + hsCount * random.nextInt(Math.max(1, feeders));
  }

  private double[] sizes(int count) {
    double[] w = new double[count];
    double total = 0;
    for (int i = 0; i < count; i++) {
      w[i] = 0.7 + 0.6 * random.nextDouble();
      total += w[i];
    }
    double running = 0;
    for (int i = 0; i < count; i++) {
      running += w[i] / total;
      w[i] = running;
    }
    w[count - 1] = 1.0;
    return w;
  }

  private int pick(double[] cumulative) {
    double x = random.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private int weighted(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Distinct indexes below {@code bound}, as many as it has, in random order. */
  private int[] distinct(int bound, int count) {
    int[] all = new int[bound];
    for (int i = 0; i < bound; i++) {
      all[i] = i;
    }
    int k = Math.min(count, bound);
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(bound - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, k);
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
