package org.pathways.hub.web;

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
import org.pathways.hub.receive.ApiKeys;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTPS upload API driven by curl, as a district's script would: over TLS with the hub's
 * certificate, authenticated by the district's API key, and closed to every other district.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  TestHub hub;
  Path work;
  Path cert;
  String northKey;
  String southKey;

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("upload-api-");
    Path store = work.resolve("hub.p12");
    cert = work.resolve("hub.pem");
    exec(
        List.of(
            "keytool",
            "-genkeypair",
            "-alias",
            "hub",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "2",
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "san=ip:127.0.0.1",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            "test-pass"));
    exec(
        List.of(
            "keytool",
            "-exportcert",
            "-rfc",
            "-alias",
            "hub",
            "-keystore",
            store.toString(),
            "-storepass",
            "test-pass",
            "-file",
            cert.toString()));
    hub =
        TestHub.startWeb(
            TestStore.SERVER,
            "--server.port=0",
            "--server.ssl.enabled=true",
            "--server.ssl.key-store=" + store,
            "--server.ssl.key-store-type=PKCS12",
            "--server.ssl.key-store-password=test-pass");
    hub.addDistrict("north", State.TX, "standard");
    hub.addDistrict("south", State.IN, "standard");
    northKey = hub.bean(ApiKeys.class).add("north", "nightly script").secret();
    southKey = hub.bean(ApiKeys.class).add("south", null).secret();
  }

  @AfterAll
  void stop() {
    hub.close();
    TestFiles.deleteTree(work);
  }

  @Test
  void aRawBodyUploadIsReceivedAndItsRunCanBePolledUntilLoaded() throws Exception {
    Path file = TestFiles.write(work, "students_20261201.txt", Sample.students(5));
    Curl r = post(northKey, file, url("north", "files?name=students_20261201.txt"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode answer = JSON.readTree(r.body());
    long run = answer.get("runs").get(0).asLong();
    assertThat(answer.get("file").asString()).isEqualTo("students_20261201.txt");
    JsonNode done = poll("north", run, northKey);
    assertThat(done.get("status").asString()).isEqualTo("LOADED");
    assertThat(done.get("added").asLong()).isEqualTo(5);
    assertThat(hub.count("north", "students")).isEqualTo(5);
  }

  @Test
  void aMultipartUploadWithAnXApiKeyHeaderIsReceived() throws Exception {
    Path file = TestFiles.write(work, "course_crosswalk_20261201.txt", Sample.COURSES);
    Curl r = curl("-H", "X-Api-Key: " + southKey, "-F", "file=@" + file, url("south", "files"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    long run = JSON.readTree(r.body()).get("runs").get(0).asLong();
    assertThat(poll("south", run, southKey).get("dataSet").asString())
        .isEqualTo("course_crosswalk");
  }

  @Test
  void aLargeMultipartUploadIsRefusedWithTheWayToSendItAndALargeRawBodyIsReceived()
      throws Exception {
    StringBuilder big = new StringBuilder(Sample.STUDENT_HEADER).append('\n');
    String rows = String.join("\n", Sample.studentRows(200)) + "\n";
    while (big.length() < 17_000_000) {
      big.append(rows);
    }
    Path file = TestFiles.write(work, "students_20261209.txt", big.toString());
    Curl multipart =
        curl("-H", "X-Api-Key: " + southKey, "-F", "file=@" + file, url("south", "files"));
    assertThat(multipart.status()).as(multipart.body()).isEqualTo(413);
    assertThat(multipart.body()).contains("--data-binary");
    Curl raw = post(southKey, file, url("south", "files?name=students_20261209.txt"));
    assertThat(raw.status()).as(raw.body()).isEqualTo(202);
    assertThat(runsOf("students_20261209.txt")).isEqualTo(1);
  }

  @Test
  void withoutAValidKeyNothingIsReceived() throws Exception {
    Path file = TestFiles.write(work, "students_20261202.txt", Sample.students(1));
    // The right prefix with a secret one character off (never the same character again).
    char last = northKey.charAt(northKey.length() - 1);
    String wrongSecret = northKey.substring(0, northKey.length() - 1) + (last == 'x' ? 'y' : 'x');
    for (List<String> auth :
        List.of(
            List.<String>of(),
            List.of("-H", "Authorization: Bearer phk_nothing_atall"),
            List.of("-H", "Authorization: Bearer " + wrongSecret))) {
      List<String> args = new ArrayList<>(auth);
      args.addAll(
          List.of("--data-binary", "@" + file, url("north", "files?name=students_20261202.txt")));
      Curl r = curl(args.toArray(String[]::new));
      assertThat(r.status()).as(auth.toString()).isEqualTo(401);
      assertThat(r.body()).contains("API key");
    }
    assertThat(runsOf("students_20261202.txt")).isZero();
  }

  @Test
  void aKeyOpensItsOwnDistrictOnlyAndARevokedKeyNothing() throws Exception {
    Path file = TestFiles.write(work, "students_20261203.txt", Sample.students(1));
    Curl other = post(northKey, file, url("south", "files?name=students_20261203.txt"));
    assertThat(other.status()).isEqualTo(404);
    Curl missing =
        post(northKey, file, url("no-such-district", "files?name=students_20261203.txt"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(runsOf("students_20261203.txt")).isZero();
    long southRun =
        hub.jdbc()
            .sql("select max(id) from ingest_run where district = 'south'")
            .query(Long.class)
            .single();
    assertThat(
            curl("-H", "Authorization: Bearer " + northKey, url("south", "runs/" + southRun))
                .status())
        .isEqualTo(404);

    ApiKeys keys = hub.bean(ApiKeys.class);
    String temporary = keys.add("north", "to revoke").secret();
    String prefix = temporary.split("_")[1];
    keys.revoke("north", prefix);
    Curl revoked = post(temporary, file, url("north", "files?name=students_20261203.txt"));
    assertThat(revoked.status()).isEqualTo(401);
  }

  @Test
  void aFileWithoutANameIsRefusedWithWhatToDo() throws Exception {
    Path file = TestFiles.write(work, "noname.txt", Sample.students(1));
    Curl r = post(northKey, file, url("north", "files"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("?name=");
    Curl path = post(northKey, file, url("north", "files?name=..%2F..%2Fetc%2Fpasswd"));
    assertThat(path.status()).isEqualTo(400);
  }

  // --- client

  record Curl(int status, String body) {}

  /** Posts a file as the raw body with a key, as a district's script does. */
  private Curl post(String key, Path file, String url) throws Exception {
    return curl("-H", "Authorization: Bearer " + key, "--data-binary", "@" + file, url);
  }

  private Curl curl(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of("curl", "-sS", "--cacert", cert.toString(), "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    String out = exec(cmd);
    int nl = out.lastIndexOf('\n');
    return new Curl(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
  }

  private String url(String district, String path) {
    return "https://127.0.0.1:" + hub.webPort() + "/api/v1/districts/" + district + "/" + path;
  }

  private JsonNode poll(String district, long run, String key) throws Exception {
    for (int i = 0; i < 200; i++) {
      Curl r = curl("-H", "Authorization: Bearer " + key, url(district, "runs/" + run));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode node = JSON.readTree(r.body());
      if (!node.get("status").asString().equals("RECEIVED")) {
        return node;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + run + " never finished");
  }

  private long runsOf(String entry) {
    return hub.jdbc()
        .sql("select count(*) from ingest_run where entry_name = ?")
        .param(entry)
        .query(Long.class)
        .single();
  }

  private static String exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
    return out;
  }
}
