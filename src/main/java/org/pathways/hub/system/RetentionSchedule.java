package org.pathways.hub.system;

import java.time.ZoneId;
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
 * file is claimed by one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableScheduling
class RetentionSchedule implements SchedulingConfigurer {

  static final String BY = "hub (daily retention)";
  private static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

  private final Retention retention;
  private final VaultProperties vault;

  RetentionSchedule(Retention retention, VaultProperties vault) {
    this.retention = retention;
    this.vault = vault;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addCronTask(new CronTask(this::purge, new CronTrigger(vault.purgeCron(), CENTRAL)));
  }

  void purge() {
    var unused = retention.purge(BY, false);
  }
}
