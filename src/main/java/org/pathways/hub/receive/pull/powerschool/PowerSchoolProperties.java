package org.pathways.hub.receive.pull.powerschool;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PowerSchool plugin's settings ({@code powerschool.*}).
 *
 * @param publisher the publisher's name PowerSchool shows for the plugin
 * @param contactEmail the address PowerSchool shows the district's administrator for questions
 */
@ConfigurationProperties(prefix = "powerschool", ignoreUnknownFields = false)
public record PowerSchoolProperties(
    @DefaultValue("Pathways") String publisher,
    @DefaultValue("integrations@pathways.example.org") String contactEmail) {

  public PowerSchoolProperties {
    // Checked at start-up, so a wrong setting stops the hub instead of every download.
    new Publisher(publisher, contactEmail);
  }

  Publisher asPublisher() {
    return new Publisher(publisher, contactEmail);
  }
}
