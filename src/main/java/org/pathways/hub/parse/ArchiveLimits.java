package org.pathways.hub.parse;

/**
 * Bounds on what a compressed file may expand to, so a zip bomb is refused instead of filling the
 * disk or the heap.
 *
 * @param maxEntries the most files one archive may hold
 * @param maxEntryBytes the most bytes one file may expand to
 * @param maxRatio the most one compressed byte may expand to, checked once {@code ratioFloorBytes}
 *     were expanded
 * @param ratioFloorBytes below this many expanded bytes the ratio is not checked
 */
public record ArchiveLimits(
    int maxEntries, long maxEntryBytes, int maxRatio, long ratioFloorBytes) {

  public static final ArchiveLimits DEFAULT = new ArchiveLimits(64, 8L << 30, 200, 64L << 20);

  public ArchiveLimits {
    if (maxEntries < 1 || maxEntryBytes < 1 || maxRatio < 1 || ratioFloorBytes < 0) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }
}
