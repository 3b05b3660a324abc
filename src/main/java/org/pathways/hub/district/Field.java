package org.pathways.hub.district;

import java.util.Objects;
import java.util.Set;

/**
 * One column of a canonical data set.
 *
 * @param name the Standard Layout column name, also the database column name
 * @param type how the value is read and stored
 * @param required a file without this column is rejected, a row without a value is an error
 * @param key part of the record's identity within the district
 * @param codes the allowed values of a {@link FieldType#CODE} or {@link FieldType#LIST} field,
 *     empty when any value is allowed
 * @param defaultValue the value used when the column is absent or empty, or null
 */
public record Field(
    String name,
    FieldType type,
    boolean required,
    boolean key,
    Set<String> codes,
    String defaultValue) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    codes = Set.copyOf(codes);
  }

  static Field req(String name, FieldType type) {
    return new Field(name, type, true, false, Set.of(), null);
  }

  static Field key(String name, FieldType type) {
    return new Field(name, type, true, true, Set.of(), null);
  }

  static Field opt(String name, FieldType type) {
    return new Field(name, type, false, false, Set.of(), null);
  }

  Field codes(String... values) {
    return new Field(name, type, required, key, Set.of(values), defaultValue);
  }

  Field orElse(String value) {
    return new Field(name, type, required, key, codes, value);
  }

  /** An optional key column: part of the identity, empty allowed (as a grade's section). */
  Field optionalKey() {
    return new Field(name, type, false, true, codes, defaultValue);
  }
}
