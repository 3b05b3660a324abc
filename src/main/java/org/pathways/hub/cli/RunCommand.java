package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pathways.hub.district.Issue;
import org.pathways.hub.pipeline.HeldRuns;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.pipeline.RunSummary;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Looks at runs, and answers held ones. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "List and show runs; release or discard a held run.",
    subcommands = {
      RunCommand.ListRuns.class,
      RunCommand.Show.class,
      RunCommand.Release.class,
      RunCommand.Discard.class
    })
final class RunCommand extends CommandGroup {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The latest runs of a district.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--district", required = true)
    String district;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        if (ctx.getBean(org.pathways.hub.district.DistrictRepository.class)
            .find(district)
            .isEmpty()) {
          throw new IllegalArgumentException("Unknown district '" + district + "'");
        }
        PrintWriter out = cmd.commandLine().getOut();
        out.printf(
            "%-6s %-20s %-30s %-16s %-10s %8s %6s %6s%n",
            "RUN", "RECEIVED", "FILE", "DATA SET", "STATUS", "ROWS", "ERR", "WARN");
        for (RunSummary r : ctx.getBean(RunStore.class).recent(district, limit)) {
          out.printf(
              "%-6d %-20s %-30s %-16s %-10s %8d %6d %6d%s%n",
              r.runId(),
              r.receivedAt().toString().substring(0, 19),
              r.file(),
              r.dataSet() == null ? "?" : r.dataSet() + (r.part() == null ? "" : "/" + r.part()),
              r.status(),
              r.rowsRead(),
              r.errors(),
              r.warnings(),
              r.filePurgedAt() == null
                  ? ""
                  : "  raw file purged " + r.filePurgedAt().toString().substring(0, 10));
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One run with its issues.")
  static final class Show implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(paramLabel = "RUN")
    long runId;

    @Option(names = "--json")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        RunSummary r =
            ctx.getBean(RunStore.class)
                .summary(runId, 1000)
                .orElseThrow(() -> new IllegalArgumentException("No run " + runId));
        print(cmd.commandLine().getOut(), r, json);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Apply a held run after all.")
  static final class Release implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(paramLabel = "RUN")
    long runId;

    @Option(names = "--reason", required = true)
    String reason;

    @Option(names = "--by", defaultValue = "${sys:user.name}")
    String by;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        print(
            cmd.commandLine().getOut(),
            ctx.getBean(HeldRuns.class).release(runId, by, reason),
            false);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "discard", mixinStandardHelpOptions = true, description = "Set a held run aside.")
  static final class Discard implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(paramLabel = "RUN")
    long runId;

    @Option(names = "--reason", required = true)
    String reason;

    @Option(names = "--by", defaultValue = "${sys:user.name}")
    String by;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        print(
            cmd.commandLine().getOut(),
            ctx.getBean(HeldRuns.class).discard(runId, by, reason),
            false);
      }
      return ExitCodes.OK;
    }
  }

  static void print(PrintWriter out, RunSummary r, boolean json) {
    if (json) {
      out.println(Json.run(r));
      return;
    }
    out.printf(
        "Run %d  %s  %s%s  %s%n",
        r.runId(),
        r.file(),
        r.dataSet(),
        r.part() == null ? "" : " (" + r.part() + ")",
        r.status());
    out.printf("  %s%n", r.message());
    if (r.filePurgedAt() != null) {
      out.printf("  The raw file was purged from the vault on %s (retention)%n", r.filePurgedAt());
    }
    out.printf(
        "  %d rows: %d added, %d updated, %d unchanged, %d deactivated or removed; %d errors, %d warnings%n",
        r.rowsRead(),
        r.added(),
        r.updated(),
        r.unchanged(),
        r.deactivated(),
        r.errors(),
        r.warnings());
    for (Issue i : r.issues()) {
      printIssue(out, i);
    }
  }

  /** One issue on one line, as every command prints it. */
  static void printIssue(PrintWriter out, Issue i) {
    out.printf(
        "  %-7s %-30s line %d%s: %s%n",
        i.severity(), i.code(), i.line(), i.column() == null ? "" : ", " + i.column(), i.message());
  }
}
