package org.pathways.hub.serve;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A student's credits earned against their graduation plan: per requirement earned and still
 * needed, the total, the courses the plan requires, and the credits that count nowhere because the
 * crosswalk does not place their course in a subject area.
 *
 * @param studentId the student
 * @param planCode the {@code graduation_plan} the students file sends, or null
 * @param graduationYear the class the student is in, or null
 * @param plan the plan that applies, or null when none does
 * @param note why the plan is not simply the one of the code sent, or why there is none; or null
 * @param requirements each requirement of the plan, in plan order (empty without a plan)
 * @param credits credits of the plan in all
 * @param courses the courses the plan requires, each with whether it was passed
 * @param countsNowhere courses with credit earned that count toward nothing
 */
public record GraduationProgress(
    String studentId,
    String planCode,
    Integer graduationYear,
    GraduationPlan plan,
    String note,
    List<RequirementProgress> requirements,
    Total credits,
    List<CourseProgress> courses,
    List<CourseCredit> countsNowhere) {

  public GraduationProgress {
    Objects.requireNonNull(studentId, "studentId");
    requirements = List.copyOf(requirements);
    courses = List.copyOf(courses);
    countsNowhere = List.copyOf(countsNowhere);
  }

  /**
   * One requirement.
   *
   * @param earned credits counted toward it, at most {@code required}
   * @param needed credits still needed: {@code required - earned}
   */
  public record RequirementProgress(
      String id,
      String label,
      List<String> areas,
      BigDecimal required,
      BigDecimal earned,
      BigDecimal needed) {
    public RequirementProgress {
      areas = List.copyOf(areas);
      required = plain(required);
      earned = plain(earned);
      needed = plain(needed);
    }
  }

  /**
   * The plan's total.
   *
   * @param required the plan's credits (zero without a plan)
   * @param earned every credit earned in a course with a subject area, including credits beyond
   *     every requirement
   * @param needed credits still needed: the more of the plan's credits not yet earned and the sum
   *     of what the requirements still need, since extra credits in one area do not make up for
   *     another
   */
  public record Total(BigDecimal required, BigDecimal earned, BigDecimal needed) {
    public Total {
      required = plain(required);
      earned = plain(earned);
      needed = plain(needed);
    }
  }

  /** A course the plan requires, and whether a final grade with credit names its code. */
  public record CourseProgress(String stateCourseCode, String name, boolean passed) {}

  /**
   * Credit earned in one course, as the final grades and the crosswalk give it.
   *
   * @param localCourseId the district's course id
   * @param courseName the crosswalk's name, or the transcript's when the crosswalk lacks the course
   * @param inCrosswalk whether the live crosswalk has the course
   * @param subjectArea the crosswalk's subject area, or null
   * @param stateCourseCode the grade's state course code, else the crosswalk's, or null
   * @param creditsEarned the credits earned in it over all final grades
   */
  public record CourseCredit(
      String localCourseId,
      String courseName,
      boolean inCrosswalk,
      String subjectArea,
      String stateCourseCode,
      BigDecimal creditsEarned) {

    public CourseCredit {
      creditsEarned = plain(creditsEarned);
    }

    /** Why the course counts nowhere, or null when it counts. */
    public String countsNowhereBecause() {
      if (!inCrosswalk) {
        return "not in the course crosswalk";
      }
      if (subjectArea == null || subjectArea.isBlank()) {
        return "no subject area in the course crosswalk";
      }
      return null;
    }
  }

  /**
   * Gives each credit to the plan's requirements. Credits of a subject area go to the requirements
   * that list it, in plan order, until each has what it requires; the requirement that takes the
   * rest then gets everything left over, which is how electives work in both states.
   */
  public static GraduationProgress compute(
      String studentId,
      String planCode,
      Integer graduationYear,
      GraduationPlans.Assignment assignment,
      List<CourseCredit> earned) {
    GraduationPlan plan = assignment.plan();
    List<CourseCredit> nowhere = new ArrayList<>();
    Map<String, BigDecimal> left = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (CourseCredit c : earned) {
      if (c.creditsEarned() == null || c.creditsEarned().signum() <= 0) {
        continue;
      }
      if (c.countsNowhereBecause() != null) {
        nowhere.add(c);
        continue;
      }
      left.merge(c.subjectArea(), c.creditsEarned(), BigDecimal::add);
      total = total.add(c.creditsEarned());
    }
    if (plan == null) {
      return new GraduationProgress(
          studentId,
          planCode,
          graduationYear,
          null,
          assignment.note(),
          List.of(),
          new Total(BigDecimal.ZERO, total, BigDecimal.ZERO),
          List.of(),
          nowhere);
    }
    Map<String, BigDecimal> counted = new LinkedHashMap<>();
    GraduationPlan.Requirement rest = null;
    for (GraduationPlan.Requirement r : plan.requirements()) {
      if (r.rest()) {
        rest = r;
        continue;
      }
      counted.put(r.id(), take(left, r.areas(), r.credits()));
    }
    if (rest != null) {
      // Its own areas first, then whatever any area has left.
      BigDecimal own = take(left, rest.areas(), rest.credits());
      BigDecimal more = take(left, List.copyOf(left.keySet()), rest.credits().subtract(own));
      counted.put(rest.id(), own.add(more));
    }
    List<RequirementProgress> requirements = new ArrayList<>();
    BigDecimal stillNeeded = BigDecimal.ZERO;
    for (GraduationPlan.Requirement r : plan.requirements()) {
      BigDecimal got = counted.get(r.id());
      BigDecimal needed = r.credits().subtract(got);
      stillNeeded = stillNeeded.add(needed);
      requirements.add(
          new RequirementProgress(r.id(), r.label(), r.areas(), r.credits(), got, needed));
    }
    BigDecimal shortOfTotal = plan.credits().subtract(total).max(BigDecimal.ZERO);
    List<CourseProgress> courses = new ArrayList<>();
    for (GraduationPlan.RequiredCourse rc : plan.courses()) {
      boolean passed =
          earned.stream()
              .anyMatch(
                  c ->
                      rc.stateCourseCode().equals(c.stateCourseCode())
                          && c.creditsEarned() != null
                          && c.creditsEarned().signum() > 0);
      courses.add(new CourseProgress(rc.stateCourseCode(), rc.name(), passed));
    }
    return new GraduationProgress(
        studentId,
        planCode,
        graduationYear,
        plan,
        assignment.note(),
        requirements,
        new Total(plan.credits(), total, shortOfTotal.max(stillNeeded)),
        courses,
        nowhere);
  }

  /** Takes up to {@code wanted} credits from the areas, in order; returns what it took. */
  private static BigDecimal take(
      Map<String, BigDecimal> left, List<String> areas, BigDecimal wanted) {
    BigDecimal got = BigDecimal.ZERO;
    for (String area : areas) {
      BigDecimal want = wanted.subtract(got);
      if (want.signum() <= 0) {
        break;
      }
      BigDecimal have = left.getOrDefault(area, BigDecimal.ZERO);
      BigDecimal t = have.min(want);
      if (t.signum() > 0) {
        left.put(area, have.subtract(t));
        got = got.add(t);
      }
    }
    return got;
  }

  /**
   * A number as people write credits: 2 rather than 2.00 (sums of 0.5 carry the database's scale),
   * and never 2E+1.
   */
  static BigDecimal plain(BigDecimal d) {
    if (d == null) {
      return null;
    }
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /** Whether every requirement and required course is met. */
  public boolean complete() {
    return plan != null
        && credits.needed().signum() == 0
        && courses.stream().allMatch(CourseProgress::passed);
  }
}
