package org.pathways.hub.kit;

import java.util.Objects;
import org.pathways.hub.district.DataSet;

/**
 * A sample file of a kit: synthetic rows in a profile's own file shape, as text (every file the
 * generator writes is UTF-8).
 */
record SampleFile(String name, DataSet dataSet, String part, long rows, String content) {

  SampleFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataSet, "dataSet");
    Objects.requireNonNull(content, "content");
  }
}
