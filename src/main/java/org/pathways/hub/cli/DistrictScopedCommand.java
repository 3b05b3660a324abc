package org.pathways.hub.cli;

import picocli.CommandLine.Option;

/** A command about one district's credentials or data: the store, the district, the output. */
abstract class DistrictScopedCommand extends StoreCommand {

  @Option(names = "--district", required = true, description = "The district's code.")
  String district;
}
