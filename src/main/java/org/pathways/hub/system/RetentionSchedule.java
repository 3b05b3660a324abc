package org.pathways.hub.system;

import java.time.ZoneId;
import org.pathways.hub.district.Central;
import org.pathways.hub.pipeline.Retention;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Purges raw files past the retention policy once a day ({@code hub.vault.purge-cron}, Central
 * time), in the serving hub only: a command never starts it. Several nodes may run it at once; each
 * file is claimed by one. The same daily pass removes the local vault's half-written files a crash
 * left (a local vault writes each file beside its place and renames it when complete), once they
 * are an hour old: walking the whole vault is daily work, not work for every start. It also deletes
 * the read API's change feed past the same retention: a consumer that has not synced for that long
 * resyncs from the full lists, as it would after losing its cursor.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableScheduling
class RetentionSchedule implements SchedulingConfigurer {

  static final String BY = "hub (daily retention)";
  private static final ZoneId CENTRAL = Central.ZONE;

  /** A half-written file younger than this may still be written by another process. */
  static final java.time.Duration PARTIAL_AGE = java.time.Duration.ofHours(1);

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RetentionSchedule.class);

  private final Retention retention;
  private final VaultProperties vault;
  private final org.pathways.hub.vault.BlobStore blobs;
  private final java.time.Clock clock;
  private final org.pathways.hub.serve.ChangeFeed changes;

  RetentionSchedule(
      Retention retention,
      VaultProperties vault,
      org.pathways.hub.vault.BlobStore blobs,
      java.time.Clock clock,
      org.pathways.hub.serve.ChangeFeed changes) {
    this.changes = changes;
    this.retention = retention;
    this.vault = vault;
    this.blobs = blobs;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addCronTask(new CronTask(this::purge, new CronTrigger(vault.purgeCron(), CENTRAL)));
  }

  void purge() {
    var unused = retention.purge(BY, false);
    java.time.Instant now = clock.instant();
    long pruned = changes.prune(now.minus(retention.policy().keep()), now);
    if (pruned > 0) {
      log.info("Deleted {} changes of the read API's change feed past retention", pruned);
    }
    if (blobs instanceof org.pathways.hub.vault.local.LocalBlobStore local) {
      try {
        int swept = local.sweepPartials(clock.instant().minus(PARTIAL_AGE));
        if (swept > 0) {
          log.info("Removed {} half-written vault files left by a crash", swept);
        }
      } catch (java.io.IOException e) {
        log.warn("Half-written vault files not swept: {}", e.toString());
      }
    }
  }
}
