package org.pathways.hub.district;

/** How much an issue matters: an error stops a row or a file, a warning is reported only. */
public enum Severity {
  ERROR,
  WARNING,
  INFO
}
