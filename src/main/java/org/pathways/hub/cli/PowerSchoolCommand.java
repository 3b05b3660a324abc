package org.pathways.hub.cli;

import picocli.CommandLine.Command;

/** A district's PowerSchool API connection: configure it, test it, pull now. */
@Command(
    name = "powerschool",
    mixinStandardHelpOptions = true,
    description = "Pull districts' data from PowerSchool through its API.",
    subcommands = {
      PowerSchoolConfigureCommand.class,
      PowerSchoolTestCommand.class,
      PowerSchoolPullCommand.class
    })
final class PowerSchoolCommand extends CommandGroup {}
