package org.pathways.hub.support;

import java.nio.file.Path;
import java.util.List;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;

/**
 * Loads the Standard Layout sample district of {@code fixtures/standard} (Grand Bend ISD, Texas):
 * nine students (eight active: 255901001 has two each in grades 12, 11 and 09 and one in 10;
 * 255901041 one in 08), four teachers and a counselor, twelve courses, grades and GPAs.
 */
public final class StandardFixtures {
  private StandardFixtures() {}

  public static final List<String> FILES =
      List.of(
          "students.txt",
          "teachers.txt",
          "course_crosswalk.txt",
          "grades_history.txt",
          "grades_current.txt",
          "gpa.txt");

  public static void load(TestHub hub, String district) throws Exception {
    for (String name : FILES) {
      Path file =
          Path.of(
              StandardFixtures.class
                  .getClassLoader()
                  .getResource("fixtures/standard/" + name)
                  .toURI());
      for (RunSummary r : hub.ingest(district, file)) {
        if (r.status() != RunStatus.LOADED) {
          throw new AssertionError(name + " did not load: " + r);
        }
      }
    }
  }
}
