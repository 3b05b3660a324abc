package org.pathways.hub.kit;

import java.util.List;
import java.util.Objects;

/**
 * One file of a district's profile, as the kit lists it.
 *
 * @param label the data set and part, such as {@code grades (history)}
 * @param names the file-name patterns the hub recognises, first the one exports should use
 * @param header whether the file starts with a header row
 * @param delimiter the delimiter, in words ({@code comma}, {@code pipe}, {@code tab})
 * @param specAnchor the id of the specification's section on this file, or null when the
 *     specification has none of its own
 * @param sample the sample file's name in the kit, or null when no sample is made for it (the whole
 *     grades file of a profile that also takes the two parts)
 * @param sampleRows the data rows of the sample
 */
public record KitFile(
    String label,
    List<String> names,
    boolean header,
    String delimiter,
    String specAnchor,
    String sample,
    long sampleRows) {

  public KitFile {
    Objects.requireNonNull(label, "label");
    names = List.copyOf(names);
  }
}
