package org.pathways.hub.district;

import static org.pathways.hub.district.Severity.ERROR;
import static org.pathways.hub.district.Severity.INFO;
import static org.pathways.hub.district.Severity.WARNING;
import static org.pathways.hub.district.Stage.DETECT;
import static org.pathways.hub.district.Stage.LOAD;
import static org.pathways.hub.district.Stage.PARSE;
import static org.pathways.hub.district.Stage.RECEIVE;
import static org.pathways.hub.district.Stage.VALIDATE;

/**
 * Every issue the hub reports, with a stable code that districts and engineers can search for, the
 * stage that finds it, its default severity (a profile may raise a warning to an error) and whether
 * it concerns the whole file.
 */
public enum IssueCode {
  ARCHIVE_TOO_LARGE(RECEIVE, ERROR, true),
  ARCHIVE_UNREADABLE(RECEIVE, ERROR, true),
  /** The hub could not fetch the file from the district's SIS through its API. */
  PULL_FAILED(RECEIVE, ERROR, true),
  EMPTY_FILE(PARSE, ERROR, true),
  BINARY_CONTENT(PARSE, ERROR, true),
  ENCODING_FALLBACK(PARSE, WARNING, true),
  UNKNOWN_FILE(DETECT, ERROR, true),
  DATASET_NOT_EXPECTED(DETECT, ERROR, true),
  WRONG_DELIMITER(PARSE, ERROR, true),
  MISSING_COLUMN(PARSE, ERROR, true),
  DUPLICATE_COLUMN(PARSE, ERROR, true),
  UNKNOWN_COLUMN(PARSE, WARNING, true),
  NO_DATA_ROWS(VALIDATE, ERROR, true),
  RAGGED_ROW(PARSE, ERROR, false),
  UNBALANCED_QUOTE(PARSE, ERROR, false),
  LINE_TOO_LONG(PARSE, ERROR, false),
  REQUIRED_VALUE_MISSING(VALIDATE, ERROR, false),
  INVALID_DATE(VALIDATE, ERROR, false),
  INVALID_NUMBER(VALIDATE, ERROR, false),
  INVALID_CODE(VALIDATE, ERROR, false),
  INVALID_FLAG(VALIDATE, ERROR, false),
  INVALID_SCHOOL_YEAR(VALIDATE, ERROR, false),
  INVALID_STATE_STUDENT_ID(VALIDATE, ERROR, false),
  STATE_STUDENT_ID_MISSING(VALIDATE, WARNING, false),
  LEADING_ZEROS_LOST(VALIDATE, WARNING, false),
  INVALID_CAMPUS_ID(VALIDATE, ERROR, false),
  INVALID_COURSE_CODE(VALIDATE, ERROR, false),
  INVALID_IBC_CODE(VALIDATE, ERROR, false),
  UNKNOWN_IBC_CODE(VALIDATE, WARNING, false),
  UNKNOWN_CODE_VALUE(VALIDATE, WARNING, false),
  NO_GRADE_VALUE(VALIDATE, ERROR, false),
  CREDITS_EARNED_ABOVE_ATTEMPTED(VALIDATE, WARNING, false),
  GPA_OUT_OF_SCALE(VALIDATE, WARNING, false),
  RANK_ABOVE_SIZE(VALIDATE, WARNING, false),
  DATES_OUT_OF_ORDER(VALIDATE, WARNING, false),
  OUT_OF_SCOPE(VALIDATE, ERROR, false),
  DUPLICATE_KEY(VALIDATE, ERROR, false),
  UNKNOWN_STUDENT(VALIDATE, WARNING, false),
  UNKNOWN_COURSE(VALIDATE, WARNING, false),
  VOLUME_GUARD(LOAD, ERROR, true),
  // Anomalies: the file compared with the district's own recent good files of the same data set.
  HEADER_CHANGED(PARSE, WARNING, true),
  LEADING_ZEROS_DROPPED(VALIDATE, ERROR, true),
  MISSING_COURSES_RISING(VALIDATE, WARNING, true),
  ROW_COUNT_CHANGE(LOAD, WARNING, true),
  ROW_COUNT_DROP(LOAD, ERROR, true),
  FILE_SIZE_CHANGE(LOAD, WARNING, true),
  DUPLICATE_FILE(LOAD, INFO, true),
  SYSTEM_ERROR(LOAD, ERROR, true);

  private final Stage stage;
  private final Severity defaultSeverity;
  private final boolean fileLevel;

  IssueCode(Stage stage, Severity defaultSeverity, boolean fileLevel) {
    this.stage = stage;
    this.defaultSeverity = defaultSeverity;
    this.fileLevel = fileLevel;
  }

  public Stage stage() {
    return stage;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public boolean fileLevel() {
    return fileLevel;
  }
}
