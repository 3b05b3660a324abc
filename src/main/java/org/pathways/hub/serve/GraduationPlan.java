package org.pathways.hub.serve;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.pathways.hub.district.State;

/**
 * A state's graduation plan as data: the credits it requires per subject area of the course
 * crosswalk, and the courses it requires by state course code. Read from {@code
 * graduation/<state>.yaml} by {@link GraduationPlans}.
 *
 * @param id the plan's id in its file
 * @param name the plan's name as counselors know it
 * @param state the state whose plan it is
 * @param codes the students data set's {@code graduation_plan} codes it applies to
 * @param credits the credits the plan requires in all
 * @param requirements the credit requirements, in the order credits are given to them
 * @param courses courses the plan requires besides credits (Texas DLA: Algebra II)
 */
public record GraduationPlan(
    String id,
    String name,
    State state,
    List<String> codes,
    BigDecimal credits,
    List<Requirement> requirements,
    List<RequiredCourse> courses) {

  public GraduationPlan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(credits, "credits");
    codes = List.copyOf(codes);
    requirements = List.copyOf(requirements);
    courses = List.copyOf(courses);
  }

  /**
   * Credits of some subject areas the plan requires.
   *
   * @param id the requirement's id within its plan (the subject area, where it takes one)
   * @param label what counselors call it
   * @param credits the credits required
   * @param areas the crosswalk subject areas whose credits count toward it
   * @param rest whether it also takes the credits left over: beyond another requirement, or of an
   *     area no requirement names (the electives)
   */
  public record Requirement(
      String id, String label, BigDecimal credits, List<String> areas, boolean rest) {
    public Requirement {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(credits, "credits");
      areas = List.copyOf(areas);
    }
  }

  /** A course the plan requires, by its state course code. */
  public record RequiredCourse(String stateCourseCode, String name) {
    public RequiredCourse {
      Objects.requireNonNull(stateCourseCode, "stateCourseCode");
      Objects.requireNonNull(name, "name");
    }
  }
}
