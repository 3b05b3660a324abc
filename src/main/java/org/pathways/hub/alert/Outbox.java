package org.pathways.hub.alert;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Daily;
import java.time.Clock;
import java.util.Optional;
import org.pathways.hub.monitor.Nights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Alerts leave through db-scheduler: each recorded alert is a one-time task, claimed in the
 * database by one node, retried with a doubling wait while the SMTP server or the webhook is down,
 * and resumed after a restart. The morning digest is a recurring task on the Central clock.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
class Outbox {

  static final String TASK = "alert-send";

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  @Bean
  OneTimeTask<Long> alertSendTask(Postman postman, AlertLog alerts, AlertProperties props) {
    FailureHandler<Long> retry =
        FailureHandler.<Long>maxRetries(props.maxAttempts() - 1)
            .withBackoff(props.retryBackoff(), 2.0)
            .thenRemove(
                complete -> {
                  Object id = complete.getExecution().taskInstance.getData();
                  if (id instanceof Long l) {
                    alerts.givenUp(l);
                    log.error(
                        "Alert {} given up after {} attempts; see the district's alerts page",
                        l,
                        props.maxAttempts());
                  }
                });
    return Tasks.oneTime(TASK, Long.class)
        .onFailure(retry)
        .execute((instance, context) -> postman.deliver(instance.getData()));
  }

  @Bean
  RecurringTask<Void> morningDigestTask(MorningDigest digest, AlertProperties props) {
    return Tasks.recurring("alert-morning-digest", new Daily(Nights.CENTRAL, props.digestTime()))
        .execute((instance, context) -> digest.sendNow());
  }

  @Bean
  Queue alertQueue(
      AlertLog alerts,
      OneTimeTask<Long> alertSendTask,
      ObjectProvider<SchedulerClient> scheduler,
      Clock clock) {
    return new Queue(alerts, alertSendTask, scheduler, clock);
  }

  /** Records an alert and hands it to the scheduler, once per key. */
  static final class Queue {
    private final AlertLog alerts;
    private final OneTimeTask<Long> task;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    Queue(
        AlertLog alerts,
        OneTimeTask<Long> task,
        ObjectProvider<SchedulerClient> scheduler,
        Clock clock) {
      this.alerts = alerts;
      this.task = task;
      this.scheduler = scheduler;
      this.clock = clock;
    }

    /** The new alert's id; empty when an alert with its key was made before. */
    Optional<Long> send(AlertLog.Draft draft) {
      Optional<Long> id = alerts.claim(draft);
      id.ifPresent(
          i -> {
            SchedulerClient client = scheduler.getIfAvailable();
            if (client == null) {
              log.warn(
                  "Alert {} recorded but not sent: the scheduler is off (db-scheduler.enabled)", i);
              return;
            }
            client.scheduleIfNotExists(
                new TaskInstance<>(task.getName(), String.valueOf(i), i), clock.instant());
          });
      return id;
    }
  }
}
