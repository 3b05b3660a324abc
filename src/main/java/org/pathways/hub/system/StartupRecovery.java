package org.pathways.hub.system;

import org.pathways.hub.pipeline.NodeRoles;
import org.pathways.hub.pipeline.OnNodeRole;
import org.pathways.hub.pipeline.RunProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Finishes the runs a crash or a stop left waiting: each is processed again from its raw file in
 * the vault. Files may already be arriving meanwhile (the SFTP server is up); a newer file of the
 * same data waits for these ({@link RunProcessor}), so the older one is never published last.
 */
@Component
@Order(1)
@ConditionalOnWebApplication
@OnNodeRole(NodeRoles.Role.WORKER)
class StartupRecovery implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private final RunProcessor processor;

  StartupRecovery(RunProcessor processor) {
    this.processor = processor;
  }

  @Override
  public void run(ApplicationArguments args) {
    int resumed = processor.resumePending();
    if (resumed > 0) {
      log.info("Finished {} runs left waiting by the last stop", resumed);
    }
  }
}
