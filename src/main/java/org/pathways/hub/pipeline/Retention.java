package org.pathways.hub.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes raw files older than the retention policy from the vault. Each deletion is recorded on
 * the received file (when, by whom, why), whose runs stay listed; the loaded data is not touched.
 * Every file is claimed with a row lock, so nodes purging at the same time never collide, and a
 * purge that stopped midway is simply run again.
 */
@Service
public class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final int BATCH = 500;

  private final RunStore runs;
  private final Vault vault;
  private final RetentionPolicy policy;
  private final TransactionTemplate tx;
  private final Clock clock;

  public Retention(
      RunStore runs, Vault vault, RetentionPolicy policy, TransactionTemplate tx, Clock clock) {
    this.runs = runs;
    this.vault = vault;
    this.policy = policy;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * A raw file purged, or that would be.
   *
   * @param fileId the received file's id
   * @param district the district that sent it
   * @param fileName its name as received
   * @param receivedAt when it was received
   * @param size its size as received
   */
  public record PurgedFile(
      long fileId, String district, String fileName, Instant receivedAt, long size) {}

  /**
   * What a purge did.
   *
   * @param cutoff files received before this were due
   * @param dryRun whether nothing was deleted
   * @param files the files purged, or that would be on a dry run
   * @param failures the files that could not be purged, each with why; they are tried again next
   *     time
   */
  public record Report(
      Instant cutoff, boolean dryRun, List<PurgedFile> files, List<String> failures) {
    public Report {
      files = List.copyOf(files);
      failures = List.copyOf(failures);
    }
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /** Purges by the configured policy. */
  public Report purge(String by, boolean dryRun) {
    return purge(policy, by, dryRun);
  }

  public Report purge(RetentionPolicy keep, String by, boolean dryRun) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(keep.keep());
    String reason = "retention: received more than " + keep.days() + " days ago";
    List<PurgedFile> files = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long after = 0;
    List<RunStore.PurgeCandidate> batch = runs.purgeCandidates(cutoff, after, BATCH);
    while (!batch.isEmpty()) {
      for (RunStore.PurgeCandidate c : batch) {
        after = c.fileId();
        PurgedFile file =
            new PurgedFile(
                c.fileId(), c.district(), c.fileName(), c.receivedAt(), c.stored().size());
        if (dryRun) {
          files.add(file);
          continue;
        }
        try {
          if (Boolean.TRUE.equals(tx.execute(s -> purgeOne(c, now, by, reason)))) {
            files.add(file);
          }
        } catch (UncheckedIOException | DataAccessException e) {
          log.warn(
              "Could not purge file {} ({}) of district {}: {}",
              c.fileId(),
              c.fileName(),
              c.district(),
              e.getMessage());
          failures.add(
              "file "
                  + c.fileId()
                  + " ("
                  + c.fileName()
                  + ") of district "
                  + c.district()
                  + ": "
                  + e.getMessage());
        }
      }
      batch = runs.purgeCandidates(cutoff, after, BATCH);
    }
    if (!dryRun) {
      log.info(
          "Purged {} raw files received before {} ({}); {} could not be",
          files.size(),
          cutoff,
          reason,
          failures.size());
    }
    return new Report(cutoff, dryRun, files, failures);
  }

  /** Deletes one file and records it, in one transaction that holds the file's row. */
  private boolean purgeOne(RunStore.PurgeCandidate c, Instant now, String by, String reason) {
    if (!runs.claimForPurge(c.fileId())) {
      return false;
    }
    try {
      // Deleted before the record is committed: if the commit fails the next purge deletes again,
      // which is harmless, and a record never claims a file is gone while it is still there.
      vault.delete(c.stored());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runs.markPurged(c.fileId(), now, by, reason);
    return true;
  }
}
