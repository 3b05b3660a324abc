package org.pathways.hub.onboarding;

/** How a district's data reaches the hub. */
public enum TransferMethod {
  /** The SIS uploads files to the district's own SFTP account. */
  SFTP("SFTP"),
  /** A direct connection: the SIS or a script pushes files with an API key. */
  API("API"),
  /** The district uploads files itself, typically at the end of each semester (Harmony). */
  MANUAL("Manual upload");

  private final String label;

  TransferMethod(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The method a district on this SIS uses unless an engineer says otherwise. */
  public static TransferMethod defaultFor(String sis) {
    return switch (sis) {
      case "PowerSchool" -> API;
      case "Harmony" -> MANUAL;
      default -> SFTP;
    };
  }
}
