package org.pathways.hub.generate;

import java.time.LocalDate;
import java.util.Objects;
import org.pathways.hub.district.State;

/**
 * What to generate: a realistic district of a state, of a size, from a seed, as it stands on a day.
 * The same options always give the same district, row for row; the day is passed in rather than
 * read from a clock, so a generated district is reproducible on any machine and any date.
 *
 * @param state the state whose identifiers, courses, plans and grading the district follows
 * @param students the number of students, grades 6 to 12 (most in 9 to 12)
 * @param seed the seed of every random choice
 * @param today the day the data describes: it fixes the current school year and semester
 */
public record DistrictGenerator(State state, int students, long seed, LocalDate today) {

  /** The largest district generated; a benchmark district has 200,000 students. */
  public static final int MAX_STUDENTS = 1_000_000;

  public DistrictGenerator {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(today, "today");
    if (students < 1 || students > MAX_STUDENTS) {
      throw new IllegalArgumentException(
          "A generated district has 1 to " + MAX_STUDENTS + " students, not " + students);
    }
  }

  /** Builds the district's roster and GPAs; grades are produced again each time they stream. */
  public GeneratedDistrict generate() {
    return new DistrictBuilder(this).build();
  }
}
