package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;

/** {@code powerschool configure}, {@code test} and {@code pull} against a PowerSchool server. */
class PowerSchoolCommandTest {

  @Test
  void configureTestAndPullADistrict(@TempDir Path dir) throws Exception {
    new NativeWriter("")
        .write(
            new ProfileCatalog().get("powerschool-in"),
            new DistrictGenerator(State.IN, 40, 11L, LocalDate.of(2026, 11, 16)).generate(),
            dir);
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try (TestHub hub = TestHub.start(store);
        PowerSchoolServer server = new PowerSchoolServer("cli-client", "cli-secret-42", 25)) {
      hub.addDistrict("ps-cli", State.IN, "powerschool-in");
      server.serveFiles(dir);
      Cli cli = new Cli(store);

      Cli.Result configured =
          withStdin(
              "cli-secret-42\n",
              () ->
                  cli.run(
                      "powerschool",
                      "configure",
                      "--district",
                      "ps-cli",
                      "--url",
                      server.url().toString(),
                      "--client-id",
                      "cli-client"));
      assertThat(configured.status()).as(configured.toString()).isZero();
      assertThat(configured.out())
          .contains("PowerSchool connection of ps-cli saved: " + server.url())
          .doesNotContain("cli-secret-42");

      Cli.Result tested = cli.run("powerschool", "test", "--district", "ps-cli");
      assertThat(tested.status()).as(tested.toString()).isZero();
      assertThat(tested.out())
          .contains("signed in; PowerSchool 25.4.0.0; pages of 25 records")
          .containsPattern(
              "com\\.pathways\\.hub\\.students +"
                  + server.rows("com.pathways.hub.students")
                  + " records");

      Cli.Result pulled = cli.run("powerschool", "pull", "--district", "ps-cli", "--json");
      assertThat(pulled.status()).as(pulled.toString()).isZero();
      List<JsonNode> runs = pulled.json();
      assertThat(runs).hasSize(server.queries().size());
      assertThat(runs).allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("LOADED"));
      assertThat(runs.get(0).get("dataSet").asString()).isEqualTo("students");
      assertThat(runs.get(0).get("rowsRead").asLong())
          .isEqualTo(server.rows("com.pathways.hub.students"));

      server.remove("com.pathways.hub.courses");
      Cli.Result missing = cli.run("powerschool", "pull", "--district", "ps-cli");
      assertThat(missing.status()).as(missing.toString()).isEqualTo(ExitCodes.NOT_LOADED);
      assertThat(missing.out())
          .containsPattern("com\\.pathways\\.hub\\.courses +failed +0 records: PowerSchool at")
          .contains("does not know the query com.pathways.hub.courses (404)");
      assertThat(hub.count("ps-cli", "students"))
          .isEqualTo(server.rows("com.pathways.hub.students"));
    }
  }

  private static Cli.Result withStdin(String text, java.util.function.Supplier<Cli.Result> run) {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      return run.get();
    } finally {
      System.setIn(stdin);
    }
  }
}
