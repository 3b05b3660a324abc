package org.pathways.hub.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: called alone, it is a usage error. */
abstract class CommandGroup implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // A usage error like any other: the handler prints it with the usage, and the status is 1.
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
