package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.support.TestStore;

/**
 * {@code token add | list | revoke} end to end on the PostgreSQL server store: the token is printed
 * once and kept only as a hash, lists never show it, and creation and revocation are audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiTokenCommandTest {

  private TestStore.Prepared store;
  private Cli cli;

  @BeforeAll
  void prepare() throws Exception {
    store = TestStore.SERVER.prepare();
    cli = new Cli(store);
    for (String code : List.of("tok-north", "tok-south")) {
      Cli.Result r =
          cli.run(
              "district",
              "add",
              "--code",
              code,
              "--name",
              code + " ISD",
              "--state",
              "TX",
              "--sis",
              "standard");
      assertThat(r.status()).as(r.toString()).isZero();
    }
  }

  @AfterAll
  void drop() {
    store.drop();
  }

  @Test
  void aTokenIsPrintedOnceKeptAsAHashListedByIdAndRevokedByConsumer() throws Exception {
    Cli.Result added = cli.run("token", "add", "--consumer", "pathways", "--district", "tok-north");
    assertThat(added.status()).as(added.toString()).isZero();
    String token = valueOf(added, "Token:");
    String id = valueOf(added, "Id:");
    assertThat(token).startsWith("pst_" + id + "_").hasSizeGreaterThan(40);
    assertThat(valueOf(added, "Districts:")).isEqualTo("tok-north");

    // Nothing the hub stores holds the token or its secret: not its table, not the audit trail.
    String secret = token.substring(token.lastIndexOf('_') + 1);
    assertThat(
            cli.count(
                "select count(*) from service_token t where t::text like ?", "%" + secret + "%"))
        .isZero();
    assertThat(
            cli.count(
                "select count(*) from audit_event e where e::text like ?", "%" + secret + "%"))
        .isZero();
    assertThat(cli.query("select secret_sha256 from service_token where id = ?", id))
        .asString()
        .hasSize(64);
    assertThat(cli.query("select district from service_token_district where token_id = ?", id))
        .isEqualTo("tok-north");

    Cli.Result everywhere = cli.run("token", "add", "--consumer", "reporting");
    assertThat(everywhere.status()).as(everywhere.toString()).isZero();
    assertThat(valueOf(everywhere, "Districts:")).isEqualTo("all districts");

    Cli.Result list = cli.run("token", "list");
    assertThat(list.status()).as(list.toString()).isZero();
    assertThat(list.out())
        .containsPattern(id + " +pathways +active")
        .contains("tok-north")
        .doesNotContain(secret);

    Cli.Result revoked = cli.run("token", "revoke", "--consumer", "pathways");
    assertThat(revoked.status()).as(revoked.toString()).isZero();
    assertThat(revoked.out()).contains("Revoked " + id);
    assertThat(cli.run("token", "list").out())
        .containsPattern(id + " +pathways +revoked")
        .containsPattern("reporting +active");
    Cli.Result twice = cli.run("token", "revoke", "--consumer", "pathways");
    assertThat(twice.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(twice.err()).contains("no active token");

    assertThat(
            cli.count(
                "select count(*) from audit_event where action = 'token.add' and target = ?", id))
        .isEqualTo(1);
    assertThat(
            cli.count(
                "select count(*) from audit_event where action = 'token.revoke' and target = ?",
                id))
        .isEqualTo(1);
  }

  @Test
  void oneTokenIsRevokedByItsIdAndTheConsumersOtherStillWorks() throws Exception {
    String first =
        valueOf(
            cli.run("token", "add", "--consumer", "rotating", "--district", "tok-south"), "Id:");
    String second =
        valueOf(
            cli.run("token", "add", "--consumer", "rotating", "--district", "tok-south"), "Id:");
    Cli.Result r = cli.run("token", "revoke", "--id", first);
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(cli.query("select revoked_at is not null from service_token where id = ?", first))
        .isEqualTo(true);
    assertThat(cli.query("select revoked_at is null from service_token where id = ?", second))
        .isEqualTo(true);
  }

  @Test
  void anUnknownDistrictOrAMalformedConsumerIsRefusedWithWhatToDo() {
    Cli.Result unknown = cli.run("token", "add", "--consumer", "pathways", "--district", "nowhere");
    assertThat(unknown.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknown.err()).contains("Unknown district 'nowhere'");
    Cli.Result bad = cli.run("token", "add", "--consumer", "two words");
    assertThat(bad.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(bad.err()).contains("must be 1 to 64 letters");
    Cli.Result neither = cli.run("token", "revoke");
    assertThat(neither.status()).isEqualTo(ExitCodes.SYSTEM);
  }

  private static String valueOf(Cli.Result r, String label) {
    return r.lines().stream()
        .filter(l -> l.startsWith(label))
        .map(l -> l.substring(label.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " in " + r));
  }
}
