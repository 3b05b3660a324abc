package org.pathways.hub.system;

import org.pathways.hub.pipeline.RunProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Finishes the runs a crash or a stop left waiting, before anything new arrives: each is processed
 * again from its raw file in the vault. Also removes the vault's half-written files a crash left (a
 * local vault writes each file beside its place and renames it when complete), once they are an
 * hour old.
 */
@Component
@Order(1)
@ConditionalOnWebApplication
class StartupRecovery implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  /** A half-written file younger than this may still be written by another process. */
  static final java.time.Duration PARTIAL_AGE = java.time.Duration.ofHours(1);

  private final RunProcessor processor;
  private final org.pathways.hub.vault.BlobStore blobs;
  private final java.time.Clock clock;

  StartupRecovery(
      RunProcessor processor, org.pathways.hub.vault.BlobStore blobs, java.time.Clock clock) {
    this.processor = processor;
    this.blobs = blobs;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) throws java.io.IOException {
    if (blobs instanceof org.pathways.hub.vault.local.LocalBlobStore local) {
      int swept = local.sweepPartials(clock.instant().minus(PARTIAL_AGE));
      if (swept > 0) {
        log.info("Removed {} half-written vault files left by a crash", swept);
      }
    }
    int resumed = processor.resumePending();
    if (resumed > 0) {
      log.info("Finished {} runs left waiting by the last stop", resumed);
    }
  }
}
