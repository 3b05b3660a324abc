package org.pathways.hub.generate;

import java.util.Objects;

/**
 * A campus of a generated district.
 *
 * @param id the state's campus id: Texas 9 digits (the district's CDN and 3 digits, high schools
 *     from 001, middle schools from 041), Indiana a 4-digit school number
 * @param name the campus name
 * @param highSchool a high school (grades 9 to 12), otherwise a middle school (grades 6 to 8)
 */
public record Campus(String id, String name, boolean highSchool) {

  public Campus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
