package org.pathways.hub.district;

/** How a canonical value is written in a file and stored in the database. */
public enum FieldType {
  /** Free text, trimmed. */
  TEXT("text"),
  /** An identifier: text, never a number, leading zeros kept. */
  ID("text"),
  /** A value from a closed list of codes. */
  CODE("text"),
  /** A {@code ;}-separated list of codes or ids. */
  LIST("text"),
  DATE("date"),
  DECIMAL("numeric"),
  INTEGER("integer"),
  FLAG("boolean"),
  /** The calendar year in which the school year ends. */
  SCHOOL_YEAR("integer");

  private final String sqlType;

  FieldType(String sqlType) {
    this.sqlType = sqlType;
  }

  public String sqlType() {
    return sqlType;
  }
}
