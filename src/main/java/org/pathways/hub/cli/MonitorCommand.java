package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.DataSetNight;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The nightly evaluation from the command line, for any moment. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "How districts' nights went.",
    subcommands = {MonitorCommand.Status.class})
final class MonitorCommand extends CommandGroup {

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "The latest night whose deadline had passed at a moment (now by default), per district"
              + " and data set: ok, late, missing, held, failed, processing or paused, with the"
              + " reason. Exit 0 when nothing needs attention, 2 when something does.")
  static final class Status implements Callable<Integer> {
    private static final DateTimeFormatter CENTRAL =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US).withZone(Central.ZONE);

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--district", description = "One district's code; every district without.")
    String district;

    @Option(
        names = "--at",
        paramLabel = "ISO-INSTANT",
        description = "The moment to judge at, such as 2026-11-01T08:30:00Z (default: now).")
    String at;

    @Option(names = "--json", description = "One JSON object per district night.")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      Instant moment;
      try {
        moment = at == null ? null : Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--at takes an instant such as 2026-11-01T08:30:00Z, not '" + at + "'", e);
      }
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        DistrictRepository districts = ctx.getBean(DistrictRepository.class);
        List<District> chosen;
        if (district == null) {
          chosen = districts.list();
        } else {
          chosen =
              List.of(
                  districts
                      .find(district)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException("Unknown district '" + district + "'")));
        }
        NightlyEvaluation evaluation = ctx.getBean(NightlyEvaluation.class);
        Instant when = moment == null ? ctx.getBean(java.time.Clock.class).instant() : moment;
        PrintWriter out = cmd.commandLine().getOut();
        boolean attention = false;
        for (District d : chosen) {
          DistrictNight n = evaluation.latest(d, when);
          attention |= n.needsAttention();
          if (json) {
            out.println(Json.night(n));
            continue;
          }
          out.printf(
              "%s, night of %s (due %s)%n", d.code(), n.night(), CENTRAL.format(n.deadline()));
          if (n.sets().isEmpty()) {
            out.println("  nothing due");
          }
          for (DataSetNight s : n.sets()) {
            out.printf(
                "  %-17s %-10s %s%n",
                s.feed().label(), s.state().name().toLowerCase(Locale.ROOT), s.reason());
          }
        }
        out.flush();
        return attention ? ExitCodes.NOT_LOADED : ExitCodes.OK;
      }
    }
  }
}
