package org.pathways.hub.onboarding;

/**
 * One thing wrong in a worksheet a district filled in, named precisely enough to find and fix:
 * where (the spreadsheet's sheet or the form's section, the row, the column), the value found, and
 * what to do.
 *
 * @param spreadsheet whether {@code sheet} is a sheet of the uploaded workbook (else a form
 *     section)
 * @param sheet the sheet or form section
 * @param row the row as the person sees it (1 is a spreadsheet's first row), 0 when not in a table
 * @param column the column, or null for the sheet or the file as a whole
 * @param value what was found, or null
 * @param message what is wrong and what to do
 */
public record InputProblem(
    boolean spreadsheet, String sheet, int row, String column, String value, String message) {

  /** The problem as one sentence, for a page or a test. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (sheet != null) {
      s.append(spreadsheet ? "Sheet '" + sheet + "'" : sheet);
    }
    if (row > 0) {
      s.append(s.length() > 0 ? ", " : "").append("row ").append(row);
    }
    if (column != null) {
      s.append(s.length() > 0 ? ", " : "").append("column ").append(column);
    }
    if (value != null && !value.isEmpty()) {
      s.append(s.length() > 0 ? ", " : "").append("value '").append(value).append('\'');
    }
    return (s.length() > 0 ? s + ": " : "") + message;
  }
}
