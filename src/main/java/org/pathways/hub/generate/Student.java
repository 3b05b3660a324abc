package org.pathways.hub.generate;

/**
 * One generated student, kept small (names as indexes into the name pools, dates as epoch days)
 * because a benchmark district holds 200,000 of them while its grades stream.
 *
 * @param index the position in the roster, which also seeds the student's own random streams
 * @param first index into the first names of the student's gender
 * @param middle index into the first names of the student's gender, or -1
 * @param last index into the last names
 * @param grade the current grade level, 6 to 12
 * @param hsCampus the high school attended or to be attended
 * @param msCampus the middle school attended or attended before
 * @param entryGrade the grade in which the student entered the district; high-school years before
 *     it come as transfer grades, middle-school years before it not at all
 * @param status the enrollment status ({@code A}, {@code I}, {@code W})
 * @param withdrawalDay the epoch day of withdrawal, or -1
 * @param flags bits of {@link #SPED}, {@link #SECTION_504} and the other program flags
 * @param counselor the staff index of the counselor of record, or -1
 */
record Student(
    int index,
    String studentId,
    String stateId,
    String gender,
    int first,
    int middle,
    int last,
    int grade,
    int hsCampus,
    int msCampus,
    long birthDay,
    int entryGrade,
    long entryDay,
    String status,
    long withdrawalDay,
    String plan,
    String endorsements,
    String programOfStudy,
    int counselor,
    int flags,
    String fafsa,
    boolean goesByMiddleName,
    Choices choices) {

  static final int SPED = 1;
  static final int SECTION_504 = 2;
  static final int EMERGENT_BILINGUAL = 4;
  static final int GIFTED = 8;
  static final int ECONOMIC = 16;

  /**
   * The lasting course choices that make one student's four years of transcripts hang together.
   *
   * @param ability the numeric grade the student earns on average
   * @param advanced takes honors and AP courses
   * @param algebraIn8 took Algebra I for high-school credit in grade 8
   * @param dualCredit takes dual-credit English in grades 11 and 12 rather than AP
   * @param healthGrade the grade in which the student takes the health and speech semesters
   * @param language 0 none, 1 Spanish, 2 French
   * @param languageStart the grade of the first language year
   * @param arts 0 none, 1 band, 2 choir, 3 art, 4 theatre
   * @param artsStart the grade of the first year of a non-band fine art
   * @param cte the career program (index into the programs), or -1
   * @param electiveSeed where in the elective pool this student's choices start
   */
  record Choices(
      int ability,
      boolean advanced,
      boolean algebraIn8,
      boolean dualCredit,
      boolean athlete,
      int healthGrade,
      int language,
      int languageStart,
      int arts,
      int artsStart,
      int cte,
      int electiveSeed) {}

  boolean highSchool() {
    return grade >= 9;
  }

  int campus() {
    return highSchool() ? hsCampus : msCampus;
  }

  boolean enrolled() {
    return "A".equals(status);
  }

  boolean flag(int bit) {
    return (flags & bit) != 0;
  }
}
