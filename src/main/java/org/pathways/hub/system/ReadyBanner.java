package org.pathways.hub.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says where the hub can be reached once everything, the demo included, is ready. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      String address =
          event.getApplicationContext().getEnvironment().getProperty("server.address", "localhost");
      String sftp =
          event
              .getApplicationContext()
              .getBeanProvider(org.pathways.hub.receive.SftpService.class)
              .stream()
              .findFirst()
              .map(s -> ", SFTP on port " + s.port())
              .orElse("");
      log.info(
          "Pathways Data Integration Hub is ready: http://{}:{}/{}",
          address,
          web.getWebServer().getPort(),
          sftp);
    }
  }
}
