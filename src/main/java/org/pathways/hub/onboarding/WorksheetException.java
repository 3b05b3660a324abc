package org.pathways.hub.onboarding;

/**
 * A worksheet action refused, with a message for the person who asked and a detail for the audit
 * trail that never holds student data.
 */
public class WorksheetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String auditDetail;

  public WorksheetException(String message, String auditDetail) {
    super(message);
    this.auditDetail = auditDetail;
  }

  public String auditDetail() {
    return auditDetail;
  }
}
