package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;

/**
 * {@code vault rotate-master-key}, {@code vault rotate-key} and {@code vault purge} end to end on
 * the PostgreSQL server store, each call in its own application context as a real one would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultCommandTest {

  private TestStore.Prepared store;
  private Cli cli;
  private String dbUrl;

  @BeforeAll
  void prepare() throws Exception {
    store = TestStore.SERVER.prepare();
    cli = new Cli(store);
    dbUrl =
        store.args().stream()
            .filter(a -> a.startsWith("--hub.db-url="))
            .map(a -> a.substring("--hub.db-url=".length()))
            .findFirst()
            .orElseThrow();
  }

  @AfterAll
  void drop() {
    if (store != null) {
      store.drop();
    }
  }

  private void addDistrict(String code) {
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

  private JsonNode ingest(String district, Path file) {
    Cli.Result r = cli.run("ingest", "--json", "--district", district, file.toString());
    assertThat(r.json()).as(r.toString()).hasSize(1);
    return r.json().get(0);
  }

  private void update(String sql, Object... params) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void keysRotateAndAHeldFileStoredBeforeStillReleases(@TempDir Path tmp) throws Exception {
    addDistrict("vault-rot-a");
    addDistrict("vault-rot-b");
    ingest("vault-rot-a", TestFiles.write(tmp, "students.txt", Sample.students(20)));
    JsonNode held =
        ingest("vault-rot-a", TestFiles.write(tmp, "students_2.txt", Sample.students(10)));
    assertThat(held.get("status").asString()).isEqualTo("HELD");
    ingest("vault-rot-b", TestFiles.write(tmp, "b/students.txt", Sample.students(5)));
    String before =
        (String)
            cli.query("select master_version from vault_keyset where district = 'vault-rot-a'");

    // The SFTP inbox key, made by the first upload, is wrapped by the master key too.
    org.pathways.hub.support.TestHub serving = org.pathways.hub.support.TestHub.start(store);
    try {
      serving.bean(org.pathways.hub.receive.InboxCrypto.class).start("vault-rot-b", "x.txt");
      serving
          .bean(org.pathways.hub.receive.InboxCrypto.class)
          .channel(
              java.nio.channels.FileChannel.open(
                  TestFiles.write(tmp, "inbox-probe", ""), java.nio.file.StandardOpenOption.WRITE),
              new byte[16])
          .close();
    } finally {
      serving.stopKeepingStore(); // the store is the test's, and stays for the commands
    }
    assertThat(cli.count("select count(*) from inbox_key where master_version = ?", before))
        .isEqualTo(1);
    Cli.Result master = cli.run("vault", "rotate-master-key");
    assertThat(master.status()).as(master.toString()).isZero();
    assertThat(master.out())
        .matches(
            "(?s)Master key key-file:\\d+ is primary; \\d+ district keys and the SFTP inbox key"
                + " re-wrapped with it\\s*");
    assertThat(cli.count("select count(*) from inbox_key where master_version = ?", before))
        .as("the inbox key is re-wrapped too")
        .isZero();
    assertThat(cli.count("select count(*) from vault_keyset where master_version = ?", before))
        .isZero();
    assertThat(cli.count("select count(*) from vault_keyset where rewrapped_at is not null"))
        .isGreaterThanOrEqualTo(2);

    Cli.Result district = cli.run("vault", "rotate-key", "--district", "vault-rot-a");
    assertThat(district.status()).as(district.toString()).isZero();
    assertThat(district.out())
        .matches(
            "(?s)District vault-rot-a: key \\d+ is primary for new files; 2 keys in its keyset\\s*");
    assertThat(cli.count("select key_count from vault_keyset where district = 'vault-rot-a'"))
        .isEqualTo(2);

    // The held file was encrypted before both rotations: releasing it reads it again.
    Cli.Result release =
        cli.run(
            "run",
            "release",
            held.get("runId").asString(),
            "--reason",
            "moved away",
            "--by",
            "eng");
    assertThat(release.status()).as(release.toString()).isZero();
    assertThat(release.out()).contains("RELEASED");
    JsonNode after =
        ingest("vault-rot-a", TestFiles.write(tmp, "students_3.txt", Sample.students(11)));
    assertThat(after.get("status").asString()).isEqualTo("LOADED");

    Cli.Result unknown = cli.run("vault", "rotate-key", "--district", "no-such-district");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknown.err()).contains("Unknown district 'no-such-district'");

    addDistrict("vault-no-files");
    Cli.Result noKey = cli.run("vault", "rotate-key", "--district", "vault-no-files");
    assertThat(noKey.status()).as(noKey.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noKey.err()).contains("vault-no-files has no vault key yet");

    Cli.Result bare = Cli.plain("vault");
    assertThat(bare.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(bare.err()).contains("Missing required subcommand").contains("rotate-master-key");
  }

  @Test
  void purgeListsThenDeletesOldRawFilesAndTheRunsSaySo(@TempDir Path tmp) throws Exception {
    addDistrict("vault-purge");
    JsonNode first =
        ingest("vault-purge", TestFiles.write(tmp, "students.txt", Sample.students(20)));
    JsonNode held =
        ingest("vault-purge", TestFiles.write(tmp, "students_2.txt", Sample.students(10)));
    long firstId = first.get("runId").asLong();
    long heldId = held.get("runId").asLong();
    update(
        "update received_file set received_at = received_at - interval '500 days' where district = 'vault-purge'");
    String key =
        (String)
            cli.query(
                "select f.vault_key from received_file f join ingest_run r on r.received_file_id = f.id where r.id = ?",
                firstId);
    Path blob = store.dataDir().resolve("vault").resolve(key);
    assertThat(blob).exists();

    Cli.Result dry = cli.run("vault", "purge", "--dry-run");
    assertThat(dry.status()).as(dry.toString()).isZero();
    List<String> would = dry.lines().stream().filter(l -> l.contains("vault-purge")).toList();
    assertThat(would).hasSize(2).allMatch(l -> l.startsWith("would purge vault-purge"));
    assertThat(dry.out()).contains("would be purged (dry run: nothing deleted)");
    assertThat(blob).exists();

    Cli.Result purge = cli.run("vault", "purge", "--by", "records-officer");
    assertThat(purge.status()).as(purge.toString()).isZero();
    assertThat(purge.lines())
        .anyMatch(l -> l.matches("purged vault-purge +\\d+ +\\S+ +students\\.txt"));
    assertThat(blob).doesNotExist();
    assertThat(
            cli.count(
                "select count(*) from received_file where district = 'vault-purge' and purged_at is not null"
                    + " and purged_by = 'records-officer' and purge_reason like 'retention: received more than 400 days ago'"))
        .isEqualTo(2);

    Cli.Result list = cli.run("run", "list", "--district", "vault-purge");
    assertThat(list.lines()).hasSize(3);
    assertThat(list.lines().subList(1, 3)).allMatch(l -> l.contains("raw file purged"));

    Cli.Result show = cli.run("run", "show", Long.toString(firstId), "--json");
    assertThat(show.json().get(0).get("filePurgedAt").isNull()).isFalse();
    Cli.Result showText = cli.run("run", "show", Long.toString(firstId));
    assertThat(showText.out()).contains("The raw file was purged from the vault on");

    Cli.Result release =
        cli.run("run", "release", Long.toString(heldId), "--reason", "late", "--by", "eng");
    assertThat(release.status()).as(release.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(release.err())
        .contains("The raw file of run " + heldId + " (students_2.txt) was purged from the vault")
        .contains("records-officer");

    Cli.Result again = cli.run("vault", "purge");
    assertThat(again.lines()).noneMatch(l -> l.contains("vault-purge"));

    Cli.Result shorter = cli.run("vault", "purge", "--dry-run", "--days", "1");
    assertThat(shorter.status()).as(shorter.toString()).isZero();
    assertThat(shorter.out()).contains("would be purged");
    Cli.Result zero = cli.run("vault", "purge", "--days", "0");
    assertThat(zero.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(zero.err()).contains("at least a day");
  }

  @Test
  void theMasterKeyFileIsMadeOnceUnderTheDataDirectory(@TempDir Path tmp) throws Exception {
    Path keyFile = store.dataDir().resolve("keys").resolve("master-key.json");
    addDistrict("vault-keyfile");
    ingest("vault-keyfile", TestFiles.write(tmp, "students.txt", Sample.students(3)));
    String key = Files.readString(keyFile);
    ingest("vault-keyfile", TestFiles.write(tmp, "students_2.txt", Sample.students(4)));
    assertThat(Files.readString(keyFile)).isEqualTo(key);
    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }
}
