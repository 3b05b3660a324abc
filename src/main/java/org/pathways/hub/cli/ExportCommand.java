package org.pathways.hub.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.serve.SnapshotExporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints a district's live snapshot of one data set in the Standard Layout. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Print the live snapshot of a data set as Standard Layout (pipe-separated) to standard output.")
final class ExportCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--district", required = true, description = "The district's code.")
  String district;

  @Option(
      names = "--dataset",
      required = true,
      description =
          "students, teachers, users, course_crosswalk, grades, gpa, ibc or course_requests.")
  String dataset;

  @Option(names = "--include-inactive", description = "Also print deactivated records.")
  boolean includeInactive;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() throws Exception {
    DataSet ds =
        DataSet.byId(dataset)
            .orElseThrow(() -> new IllegalArgumentException("Unknown data set '" + dataset + "'"));
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      if (ctx.getBean(DistrictRepository.class).find(district).isEmpty()) {
        throw new IllegalArgumentException("Unknown district '" + district + "'");
      }
      java.io.PrintWriter out = cmd.commandLine().getOut();
      ctx.getBean(SnapshotExporter.class).export(district, ds, includeInactive, out);
      out.flush();
      ctx.getBean(AuditLog.class)
          .record("cli", "export", district, ds.id(), null, "ok", "standard layout to stdout");
    }
    return ExitCodes.OK;
  }
}
