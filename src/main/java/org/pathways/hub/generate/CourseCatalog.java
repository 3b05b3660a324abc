package org.pathways.hub.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pathways.hub.district.State;

/** A state's course catalog, read from {@code generate/courses-<state>.txt}. */
final class CourseCatalog {

  private final List<Course> courses;
  private final Map<String, Course> byKey;

  /** Numbered courses by the key's letters: {@code ENG6} is {@code series.get("ENG")[6]}. */
  private final Map<String, Course[]> series;

  private CourseCatalog(List<Course> courses) {
    this.courses = List.copyOf(courses);
    this.byKey = new HashMap<>();
    this.series = new HashMap<>();
    for (Course c : courses) {
      if (byKey.put(c.key(), c) != null) {
        throw new IllegalStateException("Course key " + c.key() + " is listed twice");
      }
      Matcher m = NUMBERED.matcher(c.key());
      if (m.matches()) {
        int number = Integer.parseInt(m.group(2));
        series.merge(
            m.group(1),
            withAt(new Course[number + 1], number, c),
            (a, b) -> withAt(a.length > number ? a : Arrays.copyOf(a, number + 1), number, c));
      }
    }
  }

  private static final Pattern NUMBERED = Pattern.compile("([A-Z]+?)(\\d{1,2})");

  private static Course[] withAt(Course[] array, int index, Course c) {
    array[index] = c;
    return array;
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

  /**
   * A numbered course by its letters and number, such as {@code ("ENG", 6)}: spares building the
   * key string for every lookup, which the grade stream does millions of times.
   */
  Course get(String letters, int number) {
    Course[] numbered = series.get(letters);
    Course c = numbered == null || number >= numbered.length ? null : numbered[number];
    if (c == null) {
      throw new IllegalStateException("The course catalog has no course " + letters + number);
    }
    return c;
  }

  Course get(String key) {
    Course c = byKey.get(key);
    if (c == null) {
      throw new IllegalStateException("The course catalog has no course " + key);
    }
    return c;
  }
}
