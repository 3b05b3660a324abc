package org.pathways.hub.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * First names by gender and last names, taken from the Ed-Fi Alliance's fictional Grand Bend ISD
 * sample (see the resources' first lines), so generated people look real but are no one.
 */
final class NamePools {

  private final List<String> male;
  private final List<String> female;
  private final List<String> last;

  private NamePools(List<String> male, List<String> female, List<String> last) {
    this.male = List.copyOf(male);
    this.female = List.copyOf(female);
    this.last = List.copyOf(last);
  }

  static NamePools load() {
    List<String> male = new ArrayList<>();
    List<String> female = new ArrayList<>();
    for (String line : Resources.lines("generate/first-names.txt")) {
      String name = line.substring(2).strip();
      if (line.startsWith("M ")) {
        male.add(name);
      } else if (line.startsWith("F ")) {
        female.add(name);
      } else {
        throw new IllegalStateException("generate/first-names.txt: bad line '" + line + "'");
      }
    }
    return new NamePools(male, female, Resources.lines("generate/last-names.txt"));
  }

  /** First names of one gender ({@code M} or {@code F}). */
  List<String> first(String gender) {
    return "M".equals(gender) ? male : female;
  }

  List<String> last() {
    return last;
  }
}
