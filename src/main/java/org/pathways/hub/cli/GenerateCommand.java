package org.pathways.hub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Writes a synthetic district in a SIS's native layout. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate a synthetic district.")
final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCodes.SYSTEM;
  }
}
