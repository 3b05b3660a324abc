package org.pathways.hub;

import org.pathways.hub.cli.HubCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The hub: one jar that serves, and answers the engineers' commands. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

  public static void main(String[] args) {
    System.exit(HubCommand.run(args));
  }
}
