package org.pathways.hub.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a worker node looks for received files waiting in the database ({@code pipeline.queue.*}):
 * files another node received, and files a stopped or killed node left half processed.
 *
 * @param poll whether this node looks at all (a command run from the shell does not: it processes
 *     only its own files)
 * @param interval how long a worker waits between looks when nothing was waiting
 */
@ConfigurationProperties(prefix = "pipeline.queue", ignoreUnknownFields = false)
public record QueueProperties(
    @DefaultValue("true") boolean poll, @DefaultValue("PT5S") Duration interval) {

  public QueueProperties {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "pipeline.queue.interval must be positive, not " + interval);
    }
  }
}
