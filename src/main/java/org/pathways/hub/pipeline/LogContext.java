package org.pathways.hub.pipeline;

import org.slf4j.MDC;

/**
 * Puts the district or the run a thread works on into the logging context (the log pattern's {@code
 * %X{district}} and {@code %X{run}}, fields of the JSON logs), and puts back what was there when
 * closed: a run processed for a file keeps its file's district on the lines after it.
 */
public final class LogContext implements AutoCloseable {

  static final String DISTRICT = "district";
  static final String RUN = "run";

  private final String key;
  private final String previous;

  private LogContext(String key, String value) {
    this.key = key;
    this.previous = MDC.get(key);
    MDC.put(key, value);
  }

  public static LogContext district(String code) {
    return new LogContext(DISTRICT, code);
  }

  public static LogContext run(long runId) {
    return new LogContext(RUN, Long.toString(runId));
  }

  @Override
  public void close() {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
