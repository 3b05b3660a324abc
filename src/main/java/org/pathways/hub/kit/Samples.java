package org.pathways.hub.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.profile.Profile;

/**
 * Sample files for a profile and state, made by the generator: a small synthetic district, always
 * the same one, so a kit downloaded twice holds the same samples and a district can compare its own
 * export with them line by line.
 */
final class Samples {

  static final int STUDENTS = 25;
  static final long SEED = 20_261_130L;

  /**
   * The day the samples describe. Fixed rather than today, so the kit does not change every night;
   * it only sets the school year and the date stamp in the file names.
   */
  static final LocalDate DAY = LocalDate.of(2026, Month.NOVEMBER, 30);

  // A district with an override gets samples in its own shapes; the bound keeps many overrides
  // from holding many sample sets.
  private static final int MAX_CACHED = 32;

  private record Key(Profile profile, State state) {}

  private final Map<Key, List<SampleFile>> cache = new ConcurrentHashMap<>();

  /** The samples, in the profile's file order; none when the profile does not serve the state. */
  List<SampleFile> of(Profile profile, State state) {
    if (!profile.states().contains(state)) {
      return List.of();
    }
    Key key = new Key(profile, state);
    List<SampleFile> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    List<SampleFile> made = generate(profile, state);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(key, made);
    return made;
  }

  private static List<SampleFile> generate(Profile profile, State state) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("export-kit-samples");
      GenerateSummary summary =
          NativeWriter.dated(DAY)
              .write(profile, new DistrictGenerator(state, STUDENTS, SEED, DAY).generate(), dir);
      List<SampleFile> out = new ArrayList<>();
      for (GenerateSummary.WrittenFile f : summary.files()) {
        out.add(
            new SampleFile(
                f.fileName(),
                f.dataSet(),
                f.part(),
                f.rows(),
                Files.readString(dir.resolve(f.fileName()), StandardCharsets.UTF_8)));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not make the sample files of profile " + profile.id() + " for " + state, e);
    } finally {
      if (dir != null) {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Only synthetic rows are left behind in the temporary directory; the kit is not spoiled.
    }
  }
}
