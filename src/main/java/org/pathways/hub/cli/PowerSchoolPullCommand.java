package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.util.List;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Pulls a district's data from PowerSchool now, as the nightly pull does. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description =
        "Pull every query of a district's PowerSchool plugin now and load it. Exit 0 when every"
            + " data set loaded, 2 when one failed or was not loaded.")
final class PowerSchoolPullCommand extends DistrictScopedCommand {

  @Option(
      names = "--json",
      description = "Print one JSON object per data file, as 'ingest --json' does.")
  boolean json;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      PowerSchoolPull.PullReport report;
      try {
        report = ctx.getBean(PowerSchoolPull.class).pull(district, "cli", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cmd.commandLine().getErr().println("error: interrupted while pulling " + district);
        return ExitCodes.SYSTEM;
      }
      PrintWriter out = out();
      for (PowerSchoolPull.QueryResult q : report.queries()) {
        if (json) {
          for (RunSummary r : q.runs()) {
            out.println(Json.run(r));
          }
          continue;
        }
        out.printf(
            "%-34s %-10s %d records%s%n",
            q.query(),
            q.outcome().name().toLowerCase(java.util.Locale.ROOT),
            q.rows(),
            q.message() == null ? "" : ": " + q.message());
      }
      if (!json) {
        out.println(report.summary());
      }
      out.flush();
      return report.loaded() ? ExitCodes.OK : ExitCodes.NOT_LOADED;
    }
  }

  @Override
  void run(ConfigurableApplicationContext ctx) {
    throw new UnsupportedOperationException("call() runs the pull");
  }
}
