package org.pathways.hub.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.receive.pull.powerschool.GeneratedPlugin;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugins;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** PowerSchool districts: the plugin they install, their API connection, and pulls now. */
@Command(
    name = "powerschool",
    mixinStandardHelpOptions = true,
    description = "The PowerSchool plugin and API of PowerSchool districts.",
    subcommands = {
      PowerSchoolCommand.Plugin.class,
      PowerSchoolConfigureCommand.class,
      PowerSchoolTestCommand.class,
      PowerSchoolPullCommand.class
    })
final class PowerSchoolCommand extends CommandGroup {

  @Command(
      name = "plugin",
      mixinStandardHelpOptions = true,
      description =
          "Write the district's PowerSchool plugin zip, to install in PowerSchool under System >"
              + " System Settings > Plugin Management Configuration. Its version rises whenever"
              + " its content changed since the last one made.")
  static final class Plugin extends DistrictScopedCommand {

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.zip",
        description = "Where to write the zip.")
    Path out;

    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      District d =
          ctx.getBean(DistrictRepository.class)
              .find(district)
              .orElseThrow(
                  () -> new IllegalArgumentException("Unknown district '" + district + "'"));
      PowerSchoolPlugins plugins = ctx.getBean(PowerSchoolPlugins.class);
      GeneratedPlugin plugin = plugins.generate(d);
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream o = Files.newOutputStream(out)) {
        o.write(plugin.zip());
      }
      ctx.getBean(AuditLog.class)
          .record(
              "cli",
              "powerschool.plugin",
              d.code(),
              null,
              null,
              "ok",
              "version " + plugin.version() + (plugin.changed() ? " (new)" : ""));
      if (!plugins.onPowerSchool(d)) {
        out()
            .printf(
                "Note: district %s is not on a PowerSchool profile; this plugin follows %s, for"
                    + " when it moves to PowerSchool.%n",
                d.code(), plugin.profileId());
      }
      out()
          .printf(
              "Version %d%s of the PowerSchool plugin of %s (%s)%n",
              plugin.version(),
              plugin.changed() ? " (new: its content changed)" : " (unchanged)",
              d.code(),
              plugin.profileId());
      out().printf("Written to %s%n", out);
      out().flush();
    }
  }
}
