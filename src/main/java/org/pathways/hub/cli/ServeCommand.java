package org.pathways.hub.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** Starts the hub and keeps it running. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the hub: the web portal and the pipeline.",
      "Other Spring settings may follow as --name=value, such as --server.port=8080."
    })
final class ServeCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--demo", description = "Add the demo districts with several nights of history.")
  boolean demo;

  @Unmatched List<String> spring = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>(spring);
    if (demo) {
      args.add("--hub.demo=true");
    }
    ConfigurableApplicationContext ctx = HubContext.start(store, true, args);
    CountDownLatch closed = new CountDownLatch(1);
    ctx.addApplicationListener(
        (org.springframework.context.event.ContextClosedEvent e) -> closed.countDown());
    Runtime.getRuntime().addShutdownHook(new Thread(ctx::close, "hub-shutdown"));
    closed.await();
    return ExitCodes.OK;
  }
}
