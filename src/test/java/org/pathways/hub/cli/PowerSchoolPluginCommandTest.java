package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.State;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** {@code powerschool plugin} writes the district's plugin zip and says which version it is. */
class PowerSchoolPluginCommandTest {

  @Test
  void pluginWritesTheZipAndPrintsItsVersion(@TempDir Path dir) throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    // The hub's store lives as long as the hub: the commands run while it is open.
    try (TestHub hub = TestHub.start(store)) {
      hub.addDistrict("pecan-isd", State.TX, "powerschool-tx");
      runs(store, dir);
    }
  }

  private static void runs(TestStore.Prepared store, Path dir) throws Exception {
    Cli cli = new Cli(store);
    Path zip = dir.resolve("out/pecan.zip");

    Cli.Result first =
        cli.run("powerschool", "plugin", "--district", "pecan-isd", "--out", zip.toString());
    assertThat(first.status()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("Version 1 (new: its content changed) of the PowerSchool plugin of pecan-isd")
        .contains("Written to " + zip);
    assertThat(entries(Files.readAllBytes(zip)))
        .containsExactlyInAnyOrder("plugin.xml", "queries_root/pathways.named_queries.xml");

    Cli.Result again =
        cli.run("powerschool", "plugin", "--district", "pecan-isd", "--out", zip.toString());
    assertThat(again.out()).contains("Version 1 (unchanged)");
    assertThat(cli.count("select count(*) from audit_event where action = 'powerschool.plugin'"))
        .isEqualTo(2);

    Cli.Result unknown =
        cli.run("powerschool", "plugin", "--district", "nowhere-isd", "--out", zip.toString());
    assertThat(unknown.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknown.err()).contains("Unknown district 'nowhere-isd'");

    Cli.Result alone = Cli.plain("powerschool");
    assertThat(alone.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(alone.err()).contains("Missing required subcommand");
  }

  static List<String> entries(byte[] zip) throws Exception {
    List<String> out = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.add(e.getName());
      }
    }
    return out;
  }
}
