package org.pathways.hub.cli;

import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.HubApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the hub's application context for a command: without the web server unless serving. */
final class HubContext {

  private HubContext() {}

  static ConfigurableApplicationContext start(StoreOptions store, boolean web, List<String> extra) {
    List<String> args = new ArrayList<>(store.springArgs());
    args.addAll(extra);
    if (!web) {
      args.add("--spring.main.lazy-initialization=true");
      // Only the serving hub listens for SFTP; a command must not take its port.
      args.add("--sftp.enabled=false");
      // Nor does it run the serving hub's scheduled work.
      args.add("--db-scheduler.enabled=false");
      // Nor does it take files waiting for the serving hub's workers: only its own.
      args.add("--pipeline.queue.poll=false");
      args.add("--logging.level.root=WARN");
      args.add("--logging.level.org.pathways=WARN");
    }
    return new SpringApplicationBuilder(HubApplication.class)
        .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(web)
        .run(args.toArray(new String[0]));
  }
}
