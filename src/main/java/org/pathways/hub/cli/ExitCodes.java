package org.pathways.hub.cli;

/** The exit statuses every command keeps to. */
final class ExitCodes {
  /** Every file loaded (or was a recognised duplicate). */
  static final int OK = 0;

  /** A usage error or a system error. */
  static final int SYSTEM = 1;

  /** At least one file was rejected or held. */
  static final int NOT_LOADED = 2;

  private ExitCodes() {}
}
