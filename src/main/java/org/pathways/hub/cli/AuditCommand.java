package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pathways.hub.audit.AuditEvent;
import org.pathways.hub.audit.AuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows the audit trail: who signed in, sent, fetched, exported or changed what, and from where.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Show the most recent audit events, newest first.")
final class AuditCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--district", description = "Only this district's events.")
  String district;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "How many events (default ${DEFAULT-VALUE}).")
  int limit;

  @Spec picocli.CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      PrintWriter out = cmd.commandLine().getOut();
      out.printf(
          "%-24s %-22s %-20s %-8s %-16s %-15s %s%n",
          "AT (UTC)", "ACTION", "ACTOR", "OUTCOME", "DISTRICT", "FROM", "TARGET / DETAIL");
      for (AuditEvent e : ctx.getBean(AuditLog.class).recent(district, limit)) {
        out.printf(
            "%-24s %-22s %-20s %-8s %-16s %-15s %s%s%n",
            e.at().toString(),
            e.action(),
            e.actor(),
            e.outcome(),
            e.district() == null ? "-" : e.district(),
            e.remote() == null ? "-" : e.remote(),
            e.target() == null ? "" : e.target(),
            e.detail() == null ? "" : " (" + e.detail() + ")");
      }
    }
    return ExitCodes.OK;
  }
}
