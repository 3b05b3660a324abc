package org.pathways.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Adds and lists districts, and sets a district's profile override. */
@Command(
    name = "district",
    mixinStandardHelpOptions = true,
    description = "Manage districts.",
    subcommands = {
      DistrictCommand.Add.class,
      DistrictCommand.ListDistricts.class,
      DistrictCommand.SetOverride.class
    })
final class DistrictCommand extends CommandGroup {

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a district.")
  static final class Add implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(
        names = "--code",
        required = true,
        description = "The district's code, such as grand-bend-isd.")
    String code;

    @Option(names = "--name", required = true, description = "The district's name.")
    String name;

    @Option(names = "--state", required = true, description = "TX or IN.")
    State state;

    @Option(
        names = "--sis",
        required = true,
        description = "The SIS profile: ${COMPLETION-CANDIDATES}",
        completionCandidates = Profiles.class)
    String sis;

    @Option(
        names = "--hold-threshold",
        defaultValue = "10",
        description =
            "Hold a file that would remove more than this percent of records (default ${DEFAULT-VALUE}).")
    int holdThreshold;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      ProfileCatalog catalog = new ProfileCatalog();
      Profile profile = catalog.get(sis);
      if (!profile.states().contains(state)) {
        throw new IllegalArgumentException(
            "Profile " + sis + " is for " + profile.states() + " districts, not " + state);
      }
      District d = new District(code, name, state, sis, holdThreshold);
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        DistrictRepository repo = ctx.getBean(DistrictRepository.class);
        if (repo.find(code).isPresent()) {
          throw new IllegalArgumentException("District " + code + " already exists");
        }
        repo.add(d);
      }
      cmd.commandLine()
          .getOut()
          .printf("Added district %s (%s, %s, profile %s)%n", code, name, state, sis);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the districts.")
  static final class ListDistricts implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        var out = cmd.commandLine().getOut();
        out.printf("%-24s %-5s %-16s %s%n", "CODE", "STATE", "PROFILE", "NAME");
        for (District d : ctx.getBean(DistrictRepository.class).list()) {
          out.printf("%-24s %-5s %-16s %s%n", d.code(), d.state(), d.profileId(), d.name());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "override",
      mixinStandardHelpOptions = true,
      description = {
        "Set a district's override of its SIS profile (YAML; see docs/layouts/README.md).",
        "The override is checked against the profile before it is saved."
      })
  static final class SetOverride implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--district", required = true, description = "The district's code.")
    String district;

    @Option(names = "--file", description = "The override YAML file.")
    Path file;

    @Option(names = "--clear", description = "Remove the override.")
    boolean clear;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws IOException {
      if (clear == (file != null)) {
        throw new IllegalArgumentException("Give either --file or --clear");
      }
      String yaml = clear ? null : Files.readString(file, StandardCharsets.UTF_8);
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        DistrictRepository repo = ctx.getBean(DistrictRepository.class);
        District d =
            repo.find(district)
                .orElseThrow(
                    () -> new IllegalArgumentException("Unknown district '" + district + "'"));
        if (yaml != null) {
          // Checked before it is saved: a wrong override never replaces the one in force.
          try {
            ctx.getBean(ProfileResolver.class).withOverride(d, yaml);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("The override was not saved: " + e.getMessage(), e);
          }
        }
        repo.setProfileOverride(district, yaml);
      }
      cmd.commandLine()
          .getOut()
          .println(clear ? "Override removed" : "Override saved for " + district);
      return ExitCodes.OK;
    }
  }

  /** The built-in profile ids, for help and completion. */
  static final class Profiles extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Profiles() {
      super(ProfileCatalog.BUILT_IN);
    }
  }
}
