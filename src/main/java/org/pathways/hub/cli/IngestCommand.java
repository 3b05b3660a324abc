package org.pathways.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pathways.hub.district.Issue;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.RunProcessor;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Loads files for a district, as if the district had sent them. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Receive, validate and load files for a district.",
      "Exit status: 0 when every file loaded, 2 when any was rejected or held, 1 on a usage or system error."
    })
final class IngestCommand implements Callable<Integer> {

  private static final long PROGRESS_FROM_BYTES = 16L << 20;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--district", required = true, description = "The district's code.")
  String district;

  @Option(names = "--json", description = "Print one JSON object per data file.")
  boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Files to load (.txt, .csv, .gz, .zip).")
  List<Path> files;

  @Spec picocli.CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() throws IOException {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("No such file: " + f);
      }
    }
    PrintWriter out = cmd.commandLine().getOut();
    boolean allLoaded = true;
    try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
      IngestService ingest = ctx.getBean(IngestService.class);
      // Files a crash left half-done are finished first, so their data goes live in order.
      ctx.getBean(RunProcessor.class).resumePending();
      long total = 0;
      List<IngestService.Incoming> incoming = new java.util.ArrayList<>();
      for (Path f : files) {
        total += Files.size(f);
        incoming.add(
            new IngestService.Incoming(
                ingest.now(district, f.getFileName().toString(), "cli"),
                () -> Files.newInputStream(f)));
      }
      List<RunSummary> results;
      try (ProgressBar bar = !json && total >= PROGRESS_FROM_BYTES ? bar(total) : null) {
        LongConsumer progress = bar == null ? b -> {} : new Steps(bar);
        results = ingest.ingestAll(incoming, progress);
      }
      for (RunSummary r : results) {
        allLoaded &= r.status().ok();
        if (json) {
          out.println(Json.run(r));
        } else {
          human(out, r);
        }
      }
    }
    out.flush();
    return allLoaded ? ExitCodes.OK : ExitCodes.NOT_LOADED;
  }

  /**
   * Advances the bar by the bytes read of each file in turn; a file's reader reports its own
   * running count, which starts again at zero for the next file.
   */
  private static final class Steps implements LongConsumer {
    private final ProgressBar bar;
    private long done;
    private long last;

    Steps(ProgressBar bar) {
      this.bar = bar;
    }

    @Override
    public void accept(long read) {
      if (read < last) {
        done += last;
      }
      last = read;
      bar.stepTo(done + read);
    }
  }

  private ProgressBar bar(long size) {
    return new ProgressBarBuilder()
        .setTaskName("ingest")
        .setInitialMax(size)
        .setUnit(" MB", 1 << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .build();
  }

  private static void human(PrintWriter out, RunSummary r) {
    out.printf(
        "%s  %s%s  %s  run %d%n",
        r.file(),
        r.dataSet() == null ? "?" : r.dataSet(),
        r.part() == null ? "" : " (" + r.part() + ")",
        r.status(),
        r.runId());
    if (r.status() == RunStatus.LOADED
        || r.status() == RunStatus.HELD
        || r.status() == RunStatus.RELEASED) {
      out.printf(
          "  %d rows: %d added, %d updated, %d unchanged, %d deactivated or removed%n",
          r.rowsRead(), r.added(), r.updated(), r.unchanged(), r.deactivated());
    }
    if (r.errors() + r.warnings() > 0) {
      out.printf("  %d errors, %d warnings%n", r.errors(), r.warnings());
    }
    int shown = 0;
    for (Issue i : r.issues()) {
      if (shown++ == 10) {
        out.printf("  ... %d more in run %d%n", r.issues().size() - 10, r.runId());
        break;
      }
      RunCommand.printIssue(out, i);
    }
  }
}
