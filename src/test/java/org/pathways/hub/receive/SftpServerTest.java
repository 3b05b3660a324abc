package org.pathways.hub.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.SftpClients;
import org.pathways.hub.support.SftpClients.Result;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The SFTP server driven by the clients districts use: OpenSSH's sftp with a key, curl (libssh2)
 * with a password, and paramiko, including an upload cut in the middle and resumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpServerTest {

  static final String STUDENT_NAME = "Zebulon";

  TestHub hub;
  Path work;
  int port;
  Path key;
  String gammaPassword;
  String epsilonPassword;
  String betaPassword;

  @BeforeAll
  void start() throws Exception {
    hub =
        TestHub.start(
            TestStore.SERVER,
            "--sftp.enabled=true",
            "--sftp.port=0",
            "--sftp.host=127.0.0.1",
            "--sftp.max-file-mb=1");
    hub.addDistrict("alpha", State.TX, "standard");
    hub.addDistrict("beta", State.TX, "standard");
    // One district per test that loads students, so one test's snapshot is not another's.
    hub.addDistrict("gamma", State.TX, "standard");
    hub.addDistrict("delta", State.TX, "standard");
    hub.addDistrict("epsilon", State.TX, "standard");
    port = hub.bean(SftpService.class).port();
    work = Files.createTempDirectory("sftp-test-");
    key = work.resolve("id_ed25519");
    assertThat(
            SftpClients.exec(
                    List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()))
                .exit())
        .isZero();
    SftpAccounts accounts = hub.bean(SftpAccounts.class);
    accounts.add(
        "alpha",
        "alpha-job",
        Files.readString(Path.of(key + ".pub"), StandardCharsets.UTF_8),
        false);
    accounts.add(
        "delta",
        "delta-job",
        Files.readString(Path.of(key + ".pub"), StandardCharsets.UTF_8),
        false);
    gammaPassword = accounts.add("gamma", null, null, true).secret();
    epsilonPassword = accounts.add("epsilon", null, null, true).secret();
    betaPassword = accounts.add("beta", null, null, true).secret();
  }

  @AfterAll
  void stop() {
    hub.close();
    TestFiles.deleteTree(work);
  }

  @Test
  void openSshWithAKeyUploadsAFileThatIsLoadedAndAnsweredInResults() throws Exception {
    Path file = TestFiles.write(work, "students_20261201.txt", Sample.students(3));
    Result put =
        openssh(
            "alpha-job", "put " + file + " inbox/students_20261201.txt", "ls inbox", "ls results");
    assertThat(put.exit()).as(put.output()).isZero();
    awaitRuns("alpha", "students_20261201.txt", 1);
    assertThat(hub.count("alpha", "students")).isGreaterThanOrEqualTo(3);
    Path result = awaitResult("alpha", "students_20261201.txt.result.txt");
    // On disk the result is encrypted like everything else of the district's.
    assertThat(new String(Files.readAllBytes(result), StandardCharsets.ISO_8859_1))
        .doesNotContain("LOADED")
        .doesNotContain("students_20261201");
    // The clear copy left the inbox once the file was in the vault.
    assertThat(hub.bean(Buckets.class).inbox("alpha").resolve("students_20261201.txt"))
        .doesNotExist();
    Path fetched = work.resolve("fetched.txt");
    Result get = openssh("alpha-job", "get results/students_20261201.txt.result.txt " + fetched);
    assertThat(get.exit()).as(get.output()).isZero();
    assertThat(Files.readString(fetched))
        .startsWith("Pathways hub: result for students_20261201.txt")
        .contains("LOADED")
        .contains("3 added");
    assertThat(audit("alpha-job", "sftp.login")).contains("ok");
    assertThat(audit("alpha-job", "sftp.upload")).contains("ok");
    assertThat(audit("alpha-job", "sftp.download")).contains("ok");
  }

  @Test
  void curlWithAPasswordUploads() throws Exception {
    Path file = TestFiles.write(work, "students_20261202.txt", Sample.students(4));
    Result r =
        curl("gamma", gammaPassword, "-T", file.toString(), url("inbox/students_20261202.txt"));
    assertThat(r.exit()).as(r.output()).isZero();
    awaitRuns("gamma", "students_20261202.txt", 1);
  }

  @Test
  void aWrongPasswordIsRefusedAndRecorded() throws Exception {
    Result r = curl("beta", "not-the-password", url("inbox/"));
    assertThat(r.exit()).isNotZero();
    assertThat(audit("beta", "sftp.login")).contains("denied");
  }

  @Test
  void anUploadCutInTheMiddleIsNotProcessedAndIsResumedOnce() throws Exception {
    StringBuilder big = new StringBuilder(Sample.STUDENT_HEADER).append('\n');
    Sample.studentRows(400).forEach(row -> big.append(row).append('\n'));
    Path file = TestFiles.write(work, "students_20261203.txt", big.toString());
    Result cut = paramiko("beta", betaPassword, "cut", file, "inbox/students_20261203.txt");
    assertThat(cut.exit()).as(cut.output()).isZero();
    Path partial = hub.bean(Buckets.class).inbox("beta").resolve("students_20261203.txt");
    awaitFile(partial);
    Thread.sleep(1500);
    assertThat(runs("beta", "students_20261203.txt")).isZero();
    assertThat(Files.size(partial)).isLessThan(Files.size(file));
    // Even unfinished, the upload is not in clear on disk.
    String onDisk = new String(Files.readAllBytes(partial), StandardCharsets.ISO_8859_1);
    assertThat(onDisk).doesNotContain("First1|Last1").doesNotContain("student_id");

    Result resumed = paramiko("beta", betaPassword, "resume", file, "inbox/students_20261203.txt");
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("resumed from");
    awaitRuns("beta", "students_20261203.txt", 1);
    Thread.sleep(500);
    assertThat(runs("beta", "students_20261203.txt")).isEqualTo(1);
    assertThat(hub.count("beta", "students")).isEqualTo(400);
  }

  @Test
  void anUploadCutOffAndNeverResumedIsSweptAway() throws Exception {
    Path file = TestFiles.write(work, "students_20261208.txt", Sample.students(50));
    Result cut = paramiko("beta", betaPassword, "cut", file, "inbox/students_20261208.txt");
    assertThat(cut.exit()).as(cut.output()).isZero();
    Path partial = hub.bean(Buckets.class).inbox("beta").resolve("students_20261208.txt");
    awaitFile(partial);
    InboxSweep sweep = hub.bean(InboxSweep.class);
    assertThat(sweep.sweep(java.time.Duration.ofDays(7)))
        .noneMatch(s -> s.name().equals("students_20261208.txt"));
    assertThat(partial).exists();
    assertThat(sweep.sweep(java.time.Duration.ZERO))
        .anyMatch(s -> s.district().equals("beta") && s.name().equals("students_20261208.txt"));
    assertThat(partial).doesNotExist();
    assertThat(runs("beta", "students_20261208.txt")).isZero();
    assertThat(audit("hub", "sftp.sweep")).contains("ok");
  }

  @Test
  void aPartUploadIsProcessedOnceAfterItIsRenamed() throws Exception {
    Path file = TestFiles.write(work, "students_20261204.txt", Sample.students(2));
    Result r =
        openssh(
            "delta-job",
            "put " + file + " inbox/students_20261204.txt.part",
            "rename inbox/students_20261204.txt.part inbox/students_20261204.txt");
    assertThat(r.exit()).as(r.output()).isZero();
    awaitRuns("delta", "students_20261204.txt", 1);
    Thread.sleep(500);
    assertThat(runs("delta", "students_20261204.txt.part")).isZero();
    assertThat(runs("delta", "students_20261204.txt")).isEqualTo(1);
  }

  @Test
  void oneDistrictCannotReachAnothersBucketOrEscapeItsOwn() throws Exception {
    Path file = TestFiles.write(work, "students_20261205.txt", Sample.students(1));
    // beta's view of its bucket holds its own folders only
    Result list = paramiko("beta", betaPassword, "login", null, null);
    assertThat(list.output()).contains("inbox").contains("results").doesNotContain("alpha");
    for (String target :
        List.of(
            "../alpha/inbox/x.txt",
            "../../alpha/inbox/x.txt",
            "/../alpha/inbox/x.txt",
            "results/x.txt",
            "x.txt",
            "/etc/x.txt")) {
      Result r = paramiko("beta", betaPassword, "upload", file, target);
      assertThat(r.exit()).as(target + ": " + r.output()).isEqualTo(4);
    }
    Path alphaInbox = hub.bean(Buckets.class).inbox("alpha");
    try (var files = Files.list(alphaInbox)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("x.txt");
    }
    Result link = openssh("alpha-job", "symlink /results inbox/up", "mkdir inbox/sub");
    assertThat(link.exit()).isNotZero();
    assertThat(alphaInbox.resolve("up")).doesNotExist();
    assertThat(alphaInbox.resolve("sub")).doesNotExist();
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithTheReasonAndNotProcessed() throws Exception {
    Path file = work.resolve("students_20261206.txt");
    StringBuilder big = new StringBuilder(Sample.STUDENT_HEADER).append('\n');
    while (big.length() < 1_300_000) {
      big.append(String.join("\n", Sample.studentRows(100))).append('\n');
    }
    Files.writeString(file, big);
    Result r =
        curl("gamma", gammaPassword, "-T", file.toString(), url("inbox/students_20261206.txt"));
    assertThat(r.exit()).isNotZero();
    Thread.sleep(1000);
    assertThat(runs("gamma", "students_20261206.txt")).isZero();
  }

  @Test
  void theVaultNeverHoldsAStudentNameInClearAndTheInboxCopyIsGone() throws Exception {
    Path file =
        TestFiles.write(
            work,
            "students_20261207.txt",
            Sample.STUDENT_HEADER
                + "\n9001|6000009001|"
                + STUDENT_NAME
                + "|Quixote|2009-01-11|09|255901001|A|FHSP\n");
    Result r =
        curl("epsilon", epsilonPassword, "-T", file.toString(), url("inbox/students_20261207.txt"));
    assertThat(r.exit()).as(r.output()).isZero();
    awaitRuns("epsilon", "students_20261207.txt", 1);
    assertThat(hub.bean(Buckets.class).inbox("epsilon").resolve("students_20261207.txt"))
        .doesNotExist();
    Path vault = hub.store().dataDir().resolve("vault");
    byte[] name = STUDENT_NAME.getBytes(StandardCharsets.UTF_8);
    long scanned = 0;
    try (var files = Files.walk(vault)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertThat(TestFiles.indexOf(Files.readAllBytes(p), name)).as(p.toString()).isNegative();
        scanned++;
      }
    }
    assertThat(scanned).isPositive();
  }

  @Test
  void aRevokedAccountCannotSignInAndARotatedPasswordReplacesTheOld() throws Exception {
    SftpAccounts accounts = hub.bean(SftpAccounts.class);
    IssuedSecret first = accounts.add("beta", "beta-rotating", null, true);
    assertThat(paramiko("beta-rotating", first.secret(), "login", null, null).exit()).isZero();
    IssuedSecret second = accounts.rotate("beta", "beta-rotating");
    assertThat(paramiko("beta-rotating", first.secret(), "login", null, null).exit()).isEqualTo(3);
    assertThat(paramiko("beta-rotating", second.secret(), "login", null, null).exit()).isZero();
    accounts.revoke("beta", "beta-rotating");
    assertThat(paramiko("beta-rotating", second.secret(), "login", null, null).exit()).isEqualTo(3);
    assertThat(accounts.list("beta"))
        .filteredOn(a -> a.username().equals("beta-rotating"))
        .singleElement()
        .satisfies(a -> assertThat(a.active()).isFalse());
  }

  // --- clients

  private Result openssh(String user, String... commands) throws Exception {
    return SftpClients.openssh(port, key, user, work, commands);
  }

  private Result curl(String user, String password, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("curl", "-sS", "--insecure", "--user", user + ":" + password));
    cmd.addAll(List.of(args));
    return SftpClients.exec(cmd);
  }

  private String url(String path) {
    return "sftp://127.0.0.1:" + port + "/" + path;
  }

  private Result paramiko(String user, String password, String action, Path local, String remote)
      throws Exception {
    return SftpClients.paramiko(port, work, user, password, action, local, remote);
  }

  // --- what the hub did

  private long runs(String district, String file) {
    return hub.jdbc()
        .sql("select count(*) from ingest_run where district = ? and entry_name = ?")
        .params(district, file)
        .query(Long.class)
        .single();
  }

  private void awaitRuns(String district, String file, long n) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      long done =
          hub.jdbc()
              .sql(
                  "select count(*) from ingest_run where district = ? and entry_name = ?"
                      + " and status <> 'RECEIVED'")
              .params(district, file)
              .query(Long.class)
              .single();
      if (done >= n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no finished run for " + file);
  }

  private Path awaitResult(String district, String name) throws InterruptedException {
    Path p = hub.bean(Buckets.class).bucket(district).resolve(Buckets.RESULTS).resolve(name);
    awaitFile(p);
    return p;
  }

  private static void awaitFile(Path p) throws InterruptedException {
    for (int i = 0; i < 300 && !Files.exists(p); i++) {
      Thread.sleep(100);
    }
    assertThat(p).exists();
  }

  private List<String> audit(String actor, String action) {
    return hub.jdbc()
        .sql("select outcome from audit_event where actor = ? and action = ? order by id")
        .params(actor, action)
        .query(String.class)
        .list();
  }
}
