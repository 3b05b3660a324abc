package org.pathways.hub.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathways.hub.district.State;

/** A state's course catalog, read from {@code generate/courses-<state>.txt}. */
final class CourseCatalog {

  private final List<Course> courses;
  private final Map<String, Course> byKey;

  private CourseCatalog(List<Course> courses) {
    this.courses = List.copyOf(courses);
    this.byKey = new HashMap<>();
    for (Course c : courses) {
      if (byKey.put(c.key(), c) != null) {
        throw new IllegalStateException("Course key " + c.key() + " is listed twice");
      }
    }
  }

  static CourseCatalog of(State state) {
    String resource = "generate/courses-" + state.name().toLowerCase(Locale.ROOT) + ".txt";
    List<Course> courses = new ArrayList<>();
    for (String line : Resources.lines(resource)) {
      String[] f = line.split("\\|", -1);
      if (f.length != 11) {
        throw new IllegalStateException(resource + ": expected 11 fields in '" + line + "'");
      }
      courses.add(
          new Course(
              f[0],
              f[1],
              f[2],
              f[3],
              f[4],
              f[5],
              f[6],
              f[7],
              Integer.parseInt(f[8]),
              f[9].isEmpty() || state != State.TX ? null : f[9],
              f[10]));
    }
    return new CourseCatalog(courses);
  }

  List<Course> all() {
    return courses;
  }

  Course get(String key) {
    Course c = byKey.get(key);
    if (c == null) {
      throw new IllegalStateException("The course catalog has no course " + key);
    }
    return c;
  }
}
