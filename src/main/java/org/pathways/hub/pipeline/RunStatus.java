package org.pathways.hub.pipeline;

/**
 * Where a run stands. {@code RECEIVED} is the only state a run waits in; every other state is final
 * except {@code HELD}, which an engineer releases or discards.
 */
public enum RunStatus {
  /** Stored in the vault and waiting (or being processed, under a row lock). */
  RECEIVED,
  /** Applied: the live snapshot is this file's. */
  LOADED,
  /** Not applied because of errors; the previous snapshot stays live. */
  REJECTED,
  /** Valid, but would remove too much; waits for an engineer. The previous snapshot stays live. */
  HELD,
  /** A held run an engineer applied. */
  RELEASED,
  /** A held run an engineer set aside. */
  DISCARDED,
  /** The same content as the data set's last file; nothing to apply. */
  DUPLICATE;

  /** Whether the run's file is (or was) the live snapshot of its data set. */
  public boolean applied() {
    return this == LOADED || this == RELEASED;
  }

  /** Whether the run counts as a successful delivery. */
  public boolean ok() {
    return applied() || this == DUPLICATE;
  }
}
