package org.pathways.hub.receive.pull.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.State;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.receive.SftpService;
import org.pathways.hub.support.SftpClients;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** OneRoster CSV zips uploaded with OpenSSH's sftp client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneRosterSftpTest {

  TestHub hub;
  Path work;
  Path key;
  int port;

  @BeforeAll
  void start() throws Exception {
    hub =
        TestHub.start(
            TestStore.SERVER, "--sftp.enabled=true", "--sftp.port=0", "--sftp.host=127.0.0.1");
    hub.addDistrict("or-sftp", State.TX, "standard");
    port = hub.bean(SftpService.class).port();
    work = Files.createTempDirectory("oneroster-sftp-");
    key = work.resolve("id_ed25519");
    assertThat(
            SftpClients.exec(
                    List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()))
                .exit())
        .isZero();
    hub.bean(SftpAccounts.class)
        .add(
            "or-sftp",
            "or-sftp-job",
            Files.readString(Path.of(key + ".pub"), StandardCharsets.UTF_8),
            false);
  }

  @AfterAll
  void stop() {
    hub.close();
    TestFiles.deleteTree(work);
  }

  @Test
  void aOneRosterZipIsKeptAsReceivedAndItsRosterLoadedThenABadOneChangesNothing() throws Exception {
    TestRoster roster = TestRoster.small(12);
    Path zip = work.resolve("oneroster.zip");
    Files.write(zip, roster.zip(OneRoster.Version.V1_1));
    SftpClients.Result put =
        SftpClients.openssh(port, key, "or-sftp-job", work, "put " + zip + " inbox/oneroster.zip");
    assertThat(put.exit()).as(put.output()).isZero();
    awaitRuns("or-sftp", 3);
    assertThat(statuses("or-sftp")).containsOnly("LOADED");
    assertThat(hub.count("or-sftp", "students")).isEqualTo(12);
    assertThat(hub.count("or-sftp", "teachers")).isEqualTo(3);
    assertThat(hub.count("or-sftp", "course_crosswalk")).isEqualTo(4);
    // The zip itself is in the vault as it was received, beside the files made from it.
    List<Map<String, Object>> files =
        hub.jdbc()
            .sql(
                "select file_name, size_bytes, vault_key from received_file where district = ?"
                    + " order by id")
            .param("or-sftp")
            .query()
            .listOfRows();
    assertThat(files)
        .extracting(f -> f.get("file_name"))
        .containsExactly(
            "oneroster.zip",
            "students_oneroster.txt",
            "teachers_oneroster.txt",
            "course_crosswalk_oneroster.txt");
    assertThat(((Number) files.get(0).get("size_bytes")).longValue()).isEqualTo(Files.size(zip));

    // A 1.2 zip whose users.csv lost a required column: the zip's run says so, nothing changes.
    Map<String, String> broken = roster.csvFiles(OneRoster.Version.V1_2);
    broken.put("users.csv", broken.get("users.csv").replaceFirst("familyName", "lastName"));
    Path bad = work.resolve("oneroster_bad.zip");
    Files.write(bad, TestRoster.zip(broken));
    put =
        SftpClients.openssh(
            port, key, "or-sftp-job", work, "put " + bad + " inbox/oneroster_bad.zip");
    assertThat(put.exit()).as(put.output()).isZero();
    awaitRuns("or-sftp", 4);
    Map<String, Object> rejected =
        hub.jdbc()
            .sql("select status, message from ingest_run where district = ? and entry_name = ?")
            .params("or-sftp", "oneroster_bad.zip")
            .query()
            .singleRow();
    assertThat(rejected.get("status")).isEqualTo("REJECTED");
    String issues =
        String.join(
            "\n",
            hub.jdbc()
                .sql(
                    "select i.message from run_issue i join ingest_run r on r.id = i.run_id"
                        + " where r.entry_name = ?")
                .param("oneroster_bad.zip")
                .query(String.class)
                .list());
    assertThat(issues).contains("users.csv has no column 'familyName'");
    assertThat(hub.count("or-sftp", "students")).isEqualTo(12);
  }

  private List<String> statuses(String district) {
    return hub.jdbc()
        .sql("select status from ingest_run where district = ?")
        .param(district)
        .query(String.class)
        .list();
  }

  private void awaitRuns(String district, long n) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      long done =
          hub.jdbc()
              .sql("select count(*) from ingest_run where district = ? and status <> 'RECEIVED'")
              .param(district)
              .query(Long.class)
              .single();
      if (done >= n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + n + " finished runs for " + district);
  }
}
