package org.pathways.hub.onboarding;

/**
 * The steps of the two-week onboarding, in order, as the integration guide tells districts. The
 * names are stored with an engineer's marks and used by other pages: keep them stable.
 */
public enum Step {
  SFTP_READY("Connection set up", "SFTP (or the API) set up within 48 hours of the kick-off."),
  FIRST_FILES("First files", "First files of every expected data set loaded by the end of week 1."),
  WORKSHEET("Data Validation Worksheet", "The worksheet completed and sent by the end of week 1."),
  VALIDATION(
      "Data validated", "The engineer validates the data and recommends export changes in week 2."),
  AUTOMATIC_SENDS(
      "Automatic sends",
      "Every data set sent automatically each night before the deadline, by the end of week 2."),
  FINAL_REVIEW(
      "Final data review",
      "The data matches the worksheet and the district is approved, three days before training."),
  TRAINING("Training", "The district's training.");

  private final String title;
  private final String description;

  Step(String title, String description) {
    this.title = title;
    this.description = description;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }
}
