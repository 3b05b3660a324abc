package org.pathways.hub.receive.pull.powerschool;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub pulls from PowerSchool, and what its plugin says of its publisher ({@code
 * powerschool.*}).
 *
 * @param pageSize the most records asked for in one page; PowerSchool's own maximum (from its
 *     metadata) applies when smaller
 * @param pullDeadline how long one district's pull may take in all, retries included
 * @param maxAttempts how often one request is tried when PowerSchool is busy, failing or
 *     unreachable
 * @param retryBackoff the wait after the first failed attempt; it doubles with each failure
 * @param retryMax the longest single wait, including one PowerSchool asks for with Retry-After
 * @param connectTimeout how long connecting to the server may take
 * @param requestTimeout how long one request may take to answer
 * @param publisher the publisher's name PowerSchool shows for the plugin
 * @param contactEmail the address PowerSchool shows the district's administrator for questions
 */
@ConfigurationProperties(prefix = "powerschool", ignoreUnknownFields = false)
public record PowerSchoolProperties(
    @DefaultValue("1000") int pageSize,
    @DefaultValue("PT2H") Duration pullDeadline,
    @DefaultValue("5") int maxAttempts,
    @DefaultValue("PT2S") Duration retryBackoff,
    @DefaultValue("PT1M") Duration retryMax,
    @DefaultValue("PT30S") Duration connectTimeout,
    @DefaultValue("PT5M") Duration requestTimeout,
    @DefaultValue("Pathways") String publisher,
    @DefaultValue("integrations@pathways.example.org") String contactEmail) {

  public PowerSchoolProperties {
    if (pageSize < 1) {
      throw new IllegalArgumentException(
          "powerschool.page-size must be at least 1, not " + pageSize);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "powerschool.max-attempts must be at least 1, not " + maxAttempts);
    }
    for (Duration d :
        new Duration[] {pullDeadline, retryBackoff, retryMax, connectTimeout, requestTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "powerschool durations must be positive: pull-deadline, retry-backoff, retry-max,"
                + " connect-timeout and request-timeout");
      }
    }
    // Checked at start-up, so a wrong setting stops the hub instead of every download.
    new Publisher(publisher, contactEmail);
  }

  Publisher asPublisher() {
    return new Publisher(publisher, contactEmail);
  }
}
