package org.pathways.hub.pipeline;

import org.pathways.hub.parse.ArchiveLimits;

/**
 * The limits the pipeline works within.
 *
 * @param maxRecordChars the longest record read; a longer line is reported and skipped
 * @param archiveLimits what a compressed file may expand to
 * @param issuesKept how many issues one run keeps (all are counted)
 * @param issuesKeptPerCode how many of one code one run keeps
 */
public record PipelineSettings(
    int maxRecordChars, ArchiveLimits archiveLimits, int issuesKept, int issuesKeptPerCode) {

  public static final PipelineSettings DEFAULT =
      new PipelineSettings(1 << 20, ArchiveLimits.DEFAULT, 1000, 200);
}
