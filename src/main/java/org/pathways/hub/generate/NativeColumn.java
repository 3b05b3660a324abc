package org.pathways.hub.generate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.Transform;

/**
 * One column of a native file, turning a canonical value back into the SIS's own: the inverse of
 * the column's value map, its date pattern, its transform. Reading the written value with the same
 * profile gives the canonical value again.
 */
final class NativeColumn {

  private final String name;
  private final int field;
  private final DateTimeFormatter dates;
  private final Map<String, String> nativeOf;
  private final Transform transform;

  private NativeColumn(
      String name,
      int field,
      DateTimeFormatter dates,
      Map<String, String> nativeOf,
      Transform transform) {
    this.name = name;
    this.field = field;
    this.dates = dates;
    this.nativeOf = nativeOf;
    this.transform = transform;
  }

  static NativeColumn of(Profile profile, DataSet dataSet, ColumnSpec spec) {
    if (spec.ignored()) {
      return new NativeColumn(spec.column(), -1, null, Map.of(), null);
    }
    int index = dataSet.indexOf(spec.field());
    Field field = dataSet.fields().get(index);
    DateTimeFormatter dates = null;
    if (field.type() == FieldType.DATE) {
      String pattern =
          spec.format() != null
              ? spec.format()
              : profile.dateFormats().isEmpty() ? "yyyy-MM-dd" : profile.dateFormats().get(0);
      dates = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }
    return new NativeColumn(
        spec.column(),
        index,
        dates,
        inverse(spec.values()),
        spec.transform() == null ? null : Transform.byId(spec.transform()).orElseThrow());
  }

  /**
   * Canonical value to native value. Several native values may map to one canonical value and the
   * profile keeps no order among them, so the choice is made stable: the canonical value itself
   * where it is one of them, else the shortest, then the first in alphabetical order.
   */
  private static Map<String, String> inverse(Map<String, String> values) {
    Comparator<String> preference =
        Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
    Map<String, String> out = new HashMap<>();
    values.forEach(
        (nativeValue, canonical) ->
            out.merge(
                canonical,
                nativeValue,
                (a, b) -> {
                  if (a.equalsIgnoreCase(canonical)) {
                    return a;
                  }
                  if (b.equalsIgnoreCase(canonical)) {
                    return b;
                  }
                  return preference.compare(a, b) <= 0 ? a : b;
                }));
    return out;
  }

  String name() {
    return name;
  }

  /**
   * The native value of this column for a canonical row; empty where the row has none. The reader
   * maps a value, then applies the transform, then the date pattern, so this undoes them in the
   * opposite order. It maps a field's whole value, so a list of several codes with no native value
   * of its own is written as it is, which the reader passes through unchanged.
   */
  String value(String[] row) {
    if (field < 0) {
      return "";
    }
    String v = row[field];
    if (v == null || v.isEmpty()) {
      return "";
    }
    if (dates != null) {
      v = dates.format(LocalDate.parse(v));
    }
    if (transform != null) {
      v = transform.toNative(v);
    }
    return nativeOf.getOrDefault(v, v);
  }
}
