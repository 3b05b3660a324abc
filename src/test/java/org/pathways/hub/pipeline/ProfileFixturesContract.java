package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathways.hub.district.State;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.StoreContract;

/**
 * Each profile's fixture district, in that SIS's native shape, loads through the whole pipeline
 * with no issue, one night as separate files and the next as one zip that changes nothing.
 */
abstract class ProfileFixturesContract extends StoreContract {

  static Stream<String> profiles() {
    return ProfileCatalog.BUILT_IN.stream();
  }

  /** One line of a fixture's EXPECTED.txt. */
  record Expected(String file, String dataSet, String part, long rows) {}

  static List<Expected> expected(Path dir) throws IOException {
    List<Expected> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("EXPECTED.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|");
      out.add(new Expected(f[0], f[1], "-".equals(f[2]) ? null : f[2], Long.parseLong(f[3])));
    }
    return out;
  }

  static Path fixtures(String profile) throws URISyntaxException {
    return Path.of(
        ProfileFixturesContract.class.getClassLoader().getResource("fixtures/" + profile).toURI());
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void fixtureDistrictLoadsCleanlyAndAgainAsAnUnchangedZip(String profile) throws Exception {
    State state = profile.endsWith("-in") ? State.IN : State.TX;
    String d = "fx-" + profile + "-" + store().name().toLowerCase(Locale.ROOT);
    hub.addDistrict(d, state, profile);
    Path dir = fixtures(profile);
    List<Expected> expected = expected(dir);
    // Load order matters for reference checks: students and courses first, as a nightly zip would.
    List<RunSummary> runs = new ArrayList<>();
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      for (Expected e : expected) {
        z.putNextEntry(new ZipEntry(e.file()));
        z.write(Files.readAllBytes(dir.resolve(e.file())));
      }
    }
    runs.addAll(hub.ingest(d, profile + "-night1.zip", zip.toByteArray()));
    assertThat(runs).hasSize(expected.size());
    for (Expected e : expected) {
      RunSummary r = runs.stream().filter(x -> x.file().equals(e.file())).findFirst().orElseThrow();
      assertThat(r.status())
          .as("%s %s: %s", profile, e.file(), r.issues())
          .isEqualTo(RunStatus.LOADED);
      assertThat(r.dataSet()).as(e.file()).isEqualTo(e.dataSet());
      assertThat(r.part()).as(e.file()).isEqualTo(e.part());
      assertThat(r.rowsRead()).as(e.file()).isEqualTo(e.rows());
      assertThat(r.added()).as(e.file()).isEqualTo(e.rows());
      assertThat(r.errors()).as("%s %s: %s", profile, e.file(), r.issues()).isZero();
      assertThat(r.warnings()).as("%s %s: %s", profile, e.file(), r.issues()).isZero();
    }
    // The second night sends each file on its own, unchanged: every file is recognised.
    for (Expected e : expected) {
      List<RunSummary> again = hub.ingest(d, dir.resolve(e.file()));
      assertThat(again)
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.DUPLICATE));
    }
  }
}
