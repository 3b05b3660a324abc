package org.pathways.hub.monitor;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Evaluates the nights whose deadline has passed, every minute, on db-scheduler: the task is
 * claimed in the database, so with several nodes it runs on one at a time, and a restart resumes
 * it. Within a minute of each district's deadline its night is recorded.
 */
@Configuration
class NightlyTick {

  @Bean
  RecurringTask<Void> nightlyEvaluationTask(
      NightlyEvaluation evaluation, @Value("${monitor.tick:PT1M}") Duration tick) {
    return Tasks.recurring("nightly-evaluation", FixedDelay.of(tick))
        .execute((instance, context) -> evaluation.evaluateDue());
  }
}
