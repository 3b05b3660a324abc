package org.pathways.hub.generate;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from the one district seed. Each student draws from streams of
 * its own, so its transcript can be generated again, identically, whenever a data set is streamed,
 * instead of being held in memory.
 */
final class Seeds {

  /** The stream a district-wide choice (campuses, staff, the roster) draws from. */
  static final int DISTRICT = 0;

  static final int TRANSCRIPT = 1;
  static final int REQUESTS = 2;
  static final int IBC = 3;

  private Seeds() {}

  static SplittableRandom random(long seed, int purpose, long index) {
    return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (purpose + 1)) + index));
  }

  /** The SplitMix64 finaliser: neighbouring inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
