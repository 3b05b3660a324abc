package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.State;
import org.pathways.hub.receive.pull.oneroster.OneRoster;
import org.pathways.hub.receive.pull.oneroster.OneRosterTestServer;
import org.pathways.hub.receive.pull.oneroster.TestRoster;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;

/** {@code oneroster configure}, {@code test} and {@code pull} against a OneRoster service. */
class OneRosterCommandTest {

  @Test
  void configureTestAndPullADistrict() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try (TestHub hub = TestHub.start(store);
        OneRosterTestServer server =
            new OneRosterTestServer(
                TestRoster.small(7), OneRoster.Version.V1_1, "cli-client", "cli-s3cret")) {
      hub.addDistrict("or-cli", State.TX, "standard");
      Cli cli = new Cli(store);

      Cli.Result configured;
      InputStream stdin = System.in;
      try {
        System.setIn(new ByteArrayInputStream("cli-s3cret\n".getBytes(StandardCharsets.UTF_8)));
        configured =
            cli.run(
                "oneroster",
                "configure",
                "--district",
                "or-cli",
                "--url",
                server.base().toString(),
                "--token-url",
                server.tokenUrl().toString(),
                "--client-id",
                "cli-client",
                "--oneroster-version",
                "1.1");
      } finally {
        System.setIn(stdin);
      }
      assertThat(configured.status()).as(configured.toString()).isZero();
      assertThat(configured.out()).contains("OneRoster 1.1 service of or-cli set");

      // Plain http to another machine would send the secret and the students in clear.
      Cli.Result clear;
      try {
        System.setIn(new ByteArrayInputStream("cli-s3cret\n".getBytes(StandardCharsets.UTF_8)));
        clear =
            cli.run(
                "oneroster",
                "configure",
                "--district",
                "or-cli",
                "--url",
                "http://sis.example.org/ims/oneroster/v1p1",
                "--token-url",
                "http://sis.example.org/oauth/token",
                "--client-id",
                "cli-client",
                "--oneroster-version",
                "1.1");
      } finally {
        System.setIn(stdin);
      }
      assertThat(clear.status()).isNotZero();
      assertThat(clear.err()).contains("must start with https://, not http://");
      assertThat(
              hub.jdbc()
                  .sql("select base_url from oneroster_connection where district = 'or-cli'")
                  .query(String.class)
                  .single())
          .as("the connection saved before stays")
          .isEqualTo(server.base().toString());
      // The secret is stored encrypted: its text is nowhere in the row.
      byte[] cipher =
          hub.jdbc()
              .sql("select client_secret from oneroster_connection where district = 'or-cli'")
              .query(byte[].class)
              .single();
      assertThat(new String(cipher, StandardCharsets.ISO_8859_1)).doesNotContain("cli-s3cret");

      Cli.Result test = cli.run("oneroster", "test", "--district", "or-cli");
      assertThat(test.status()).as(test.toString()).isZero();
      assertThat(test.out())
          .contains("Token: ok")
          .containsPattern("students +7")
          .containsPattern("teachers +3");

      Cli.Result pull = cli.run("oneroster", "pull", "--district", "or-cli", "--json");
      assertThat(pull.status()).as(pull.toString()).isZero();
      List<JsonNode> sets = pull.json();
      assertThat(sets)
          .extracting(n -> n.get("dataSet").asString())
          .containsExactly("students", "teachers", "course_crosswalk");
      assertThat(sets.get(0).get("rowsConverted").asLong()).isEqualTo(7);
      assertThat(sets.get(0).get("run").get("status").asString()).isEqualTo("LOADED");
      assertThat(pull.out() + pull.err()).doesNotContain("cli-s3cret");

      Cli.Result unknown = cli.run("oneroster", "pull", "--district", "nowhere");
      assertThat(unknown.status()).isNotZero();
      assertThat(unknown.err()).contains("Unknown district 'nowhere'");
    }
  }
}
