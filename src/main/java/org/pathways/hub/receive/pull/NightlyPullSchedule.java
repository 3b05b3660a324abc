package org.pathways.hub.receive.pull;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Looks for districts due their nightly API pull every minute, on db-scheduler: the task runs on
 * one node at a time, and each district's night is claimed besides, so no district is pulled twice
 * in a night. The time of day is judged on the hub's clock, not the scheduler's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NightlyPullProperties.class)
class NightlyPullSchedule {

  @Bean
  RecurringTask<Void> nightlyPullTask(NightlyPulls nightly, NightlyPullProperties props) {
    return Tasks.recurring("nightly-api-pull", FixedDelay.of(props.tick()))
        .execute(
            (instance, context) -> {
              try {
                nightly.pullDue();
              } catch (InterruptedException e) {
                // The node is stopping: the claimed pulls already made are kept; the rest wait.
                Thread.currentThread().interrupt();
              }
            });
  }
}
