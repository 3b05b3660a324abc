package org.pathways.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a synthetic district in a SIS's native layout. It needs no store. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a realistic synthetic district in a SIS's native layout: names, campuses, four years",
      "of transcripts, GPA, IBC (Texas) and course requests. The same seed writes the same files."
    })
final class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--sis",
      required = true,
      description = "The SIS profile: ${COMPLETION-CANDIDATES}",
      completionCandidates = DistrictCommand.Profiles.class)
  String sis;

  @Option(names = "--state", required = true, description = "TX or IN.")
  State state;

  @Option(
      names = "--students",
      defaultValue = "1000",
      description = "Number of students (default ${DEFAULT-VALUE}).")
  int students;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--date",
      description = "The day the data describes, YYYY-MM-DD (default: today in Central time).")
  LocalDate date;

  @Option(names = "--out", required = true, description = "Directory to write the files into.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() throws IOException {
    Profile profile = new ProfileCatalog().get(sis);
    if (!profile.states().contains(state)) {
      throw new IllegalArgumentException(
          "Profile " + sis + " is for " + profile.states() + " districts, not " + state);
    }
    LocalDate day =
        date != null ? date : LocalDate.ofInstant(Clock.systemUTC().instant(), Central.ZONE);
    GenerateSummary summary =
        NativeWriter.dated(day)
            .write(profile, new DistrictGenerator(state, students, seed, day).generate(), out);
    PrintWriter pw = cmd.commandLine().getOut();
    pw.printf(
        "%s (%s, %s, profile %s): %d students, %s%n",
        summary.districtName(), summary.districtId(), state, sis, summary.students(), out);
    for (GenerateSummary.WrittenFile f : summary.files()) {
      pw.printf(
          "  %-40s %-16s %10d rows%n",
          f.fileName(), f.dataSet().id() + (f.part() == null ? "" : "/" + f.part()), f.rows());
    }
    return ExitCodes.OK;
  }
}
