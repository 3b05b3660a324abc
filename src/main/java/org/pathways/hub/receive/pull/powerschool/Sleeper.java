package org.pathways.hub.receive.pull.powerschool;

import java.time.Duration;

/** Waits between attempts; tests count the waits instead of sitting through them. */
@FunctionalInterface
interface Sleeper {

  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration d) throws InterruptedException;
}
