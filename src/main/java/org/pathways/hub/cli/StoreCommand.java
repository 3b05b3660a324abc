package org.pathways.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** A command that opens the store, does its work in a hub context, and prints to the output. */
abstract class StoreCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Spec picocli.CommandLine.Model.CommandSpec cmd;

  PrintWriter out() {
    return cmd.commandLine().getOut();
  }

  @Override
  public Integer call() throws IOException {
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      run(ctx);
    }
    return ExitCodes.OK;
  }

  abstract void run(ConfigurableApplicationContext ctx) throws IOException;
}
