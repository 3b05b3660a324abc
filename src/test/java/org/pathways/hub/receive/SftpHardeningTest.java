package org.pathways.hub.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.State;
import org.pathways.hub.support.SftpClients;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The SFTP server against attackers: its algorithms pass ssh-audit, weak ones are refused, and
 * repeated failed sign-ins lock the account out for a while.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpHardeningTest {

  TestHub hub;
  Path work;
  int port;
  String password;

  @BeforeAll
  void start() throws Exception {
    hub =
        TestHub.start(
            TestStore.SERVER,
            "--sftp.enabled=true",
            "--sftp.port=0",
            "--sftp.host=127.0.0.1",
            "--sftp.compatible-macs=false",
            "--sftp.lockout-failures=3",
            "--sftp.lockout-duration=4s");
    hub.addDistrict("omega", State.IN, "standard");
    port = hub.bean(SftpService.class).port();
    work = Files.createTempDirectory("sftp-hardening-");
    password = hub.bean(SftpAccounts.class).add("omega", null, null, true).secret();
  }

  @AfterAll
  void stop() {
    hub.close();
    TestFiles.deleteTree(work);
  }

  @Test
  void sshAuditFindsNoWeakAlgorithm() throws Exception {
    String out = exec(List.of("ssh-audit", "-b", "-p", Integer.toString(port), "127.0.0.1"));
    List<String> findings = new ArrayList<>();
    for (String line : out.split("\n")) {
      String plain = line.replaceAll("\u001b\\[[0-9;]*m", "");
      // Debian 12's ssh-audit predates strict key exchange, the Terrapin countermeasure, and
      // reports its marker as an unknown algorithm; that is the one finding allowed.
      if ((plain.contains("[warn]") || plain.contains("[fail]"))
          && !plain.contains("kex-strict-s-v00@openssh.com")) {
        findings.add(plain);
      }
    }
    assertThat(out).contains("curve25519-sha256").contains("ssh-ed25519");
    assertThat(findings).isEmpty();
  }

  @Test
  void aClientOfferingOnlyWeakAlgorithmsIsRefused() throws Exception {
    for (List<String> weak :
        List.of(
            List.of("-o", "MACs=hmac-sha1", "-o", "Ciphers=aes128-ctr"),
            List.of("-o", "KexAlgorithms=ecdh-sha2-nistp256"),
            List.of("-o", "Ciphers=aes128-cbc"))) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "sftp",
                  "-b",
                  "/dev/null",
                  "-P",
                  Integer.toString(port),
                  "-o",
                  "BatchMode=yes",
                  "-o",
                  "StrictHostKeyChecking=no",
                  "-o",
                  "UserKnownHostsFile=/dev/null"));
      cmd.addAll(weak);
      cmd.add("omega@127.0.0.1");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as(String.join(" ", weak)).contains("no matching");
    }
  }

  @Test
  void repeatedFailuresLockTheAccountOutEvenForTheRightPasswordUntilTheLockoutEnds()
      throws Exception {
    assertThat(login("omega", password)).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(login("omega", "guess-" + i)).isEqualTo(3);
    }
    assertThat(login("omega", password)).as("locked out").isEqualTo(3);
    assertThat(
            hub.jdbc()
                .sql("select detail from audit_event where action = 'sftp.login' and outcome = ?")
                .param("denied")
                .query(String.class)
                .list())
        .anyMatch(d -> d.contains("locked") && d.contains("account omega"));
    assertThat(
            hub.jdbc()
                .sql(
                    "select count(*) from audit_event where action = 'sftp.login' and outcome = 'locked'")
                .query(Long.class)
                .single())
        .isPositive();
    Thread.sleep(4500);
    assertThat(login("omega", password)).as("after the lockout").isZero();
  }

  private int login(String user, String pass) throws Exception {
    return SftpClients.paramiko(port, work, user, pass, "login", null, null).exit();
  }

  private static String exec(List<String> cmd) throws Exception {
    return SftpClients.exec(cmd).output();
  }
}
