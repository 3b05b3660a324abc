package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.util.List;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** Tests a district's PowerSchool connection without pulling anything. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Sign in to a district's PowerSchool, read its metadata and count each query's records."
            + " Exit 0 when every query answers, 2 when something needs attention.")
final class PowerSchoolTestCommand extends DistrictScopedCommand {

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      PowerSchoolPull.ConnectionTest t =
          ctx.getBean(PowerSchoolPull.class).test(district, "cli", null);
      PrintWriter out = out();
      out.printf("%s: %s%n", district, t.server());
      if (t.error() != null) {
        out.println("  sign-in failed: " + t.error());
      } else {
        out.printf(
            "  signed in; PowerSchool %s; pages of %d records%n",
            t.version() == null ? "(version unknown)" : t.version(), t.pageSize());
        for (PowerSchoolPull.QueryCheck q : t.queries()) {
          out.printf(
              "  %-34s %s%n",
              q.query(), q.error() == null ? q.count() + " records" : "FAILED: " + q.error());
        }
      }
      out.flush();
      return t.ok() ? ExitCodes.OK : ExitCodes.NOT_LOADED;
    }
  }

  @Override
  void run(ConfigurableApplicationContext ctx) {
    throw new UnsupportedOperationException("call() runs the test");
  }
}
