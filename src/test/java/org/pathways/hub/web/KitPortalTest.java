package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The export kit over HTTP: the page names the district's files, deadline and SFTP accounts and
 * never a password; the zip holds the README, the specification and sample files that the hub
 * itself loads, for every profile in every state it serves.
 */
class KitPortalTest {

  static final String PASSWORD = "an export kit passphrase";
  static final String SKYWARD = "skyward-isd";
  static final String COGNOS = "cognos-isd";
  static final String POWERSCHOOL = "powerschool-in";
  static final String OVERRIDDEN = "renamed-isd";

  static TestHub hub;
  static String sftpPassword;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(SKYWARD, State.TX, "skyward-sms-tx");
    hub.addDistrict(COGNOS, State.TX, "cognos-tx");
    hub.addDistrict(POWERSCHOOL, State.IN, "powerschool-in");
    for (String[] ps : profilesAndStates().toList()) {
      hub.addDistrict(loadDistrict(ps[0], ps[1]), State.valueOf(ps[1]), ps[0]);
    }
    hub.addDistrict(OVERRIDDEN, State.TX, "skyward-sms-tx");
    hub.bean(DistrictRepository.class)
        .setProfileOverride(
            OVERRIDDEN,
            "files:\n  - dataset: students\n    rename: {OTHER-ID: STUDENT-NUMBER}\n"
                + "  - dataset: gpa\n    names: [SCVS_GPA*]\n    delimiter: tab\n");
    IssuedSecret account = hub.bean(SftpAccounts.class).add(SKYWARD, "skyward-job", null, true);
    sftpPassword = account.secret();
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("it@skyward.test", Role.DISTRICT_CONTACT, SKYWARD, PASSWORD);
    users.add("it@powerschool.test", Role.DISTRICT_CONTACT, POWERSCHOOL, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static Stream<String[]> profilesAndStates() {
    return new ProfileCatalog()
        .all().stream()
            .flatMap(p -> p.states().stream().sorted().map(s -> new String[] {p.id(), s.name()}));
  }

  static String loadDistrict(String profile, String state) {
    return (profile + "-" + state).toLowerCase(Locale.ROOT);
  }

  @Test
  void aContactSeesTheirFilesDeadlineAndSftpAccountsButNoPassword() throws Exception {
    PortalClient contact = signedIn("it@skyward.test");
    HttpResponse<String> page = contact.get("/districts/" + SKYWARD + "/kit");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains("Skyward SMS 2.0 (Texas)")
        .contains("PW_Students*")
        .contains("PW_Course_Crosswalk*")
        .contains("PW_IBC*")
        .contains("02:00 Central time")
        .contains("America/Chicago")
        .contains("skyward-job")
        .contains("sftp -P ")
        .contains("inbox/")
        .contains("results/")
        .contains("href=\"#spec-1-students\"")
        .contains("id=\"spec-1-students\"")
        .doesNotContain(sftpPassword);
    assertThat(html).doesNotContain("powerschool-plugin");
    assertThat(contact.get("/districts/" + COGNOS + "/kit").statusCode())
        .as("another district's kit")
        .isEqualTo(404);
    assertThat(contact.getBytes("/districts/" + COGNOS + "/kit.zip").statusCode()).isEqualTo(404);

    Map<String, String> zip = unzip(contact.getBytes("/districts/" + SKYWARD + "/kit.zip"));
    assertThat(zip.get("README.txt"))
        .contains("skyward-job")
        .contains("02:00 Central time")
        .contains("PW_Grades_History*")
        .contains("results/NAME.result.txt");
    zip.values().forEach(content -> assertThat(content).doesNotContain(sftpPassword));
  }

  @Test
  void aCognosDistrictIsToldOneInTheMorning() throws Exception {
    PortalClient engineer = signedIn("engineer@hub.test");
    String html = engineer.get("/districts/" + COGNOS + "/kit").body();
    assertThat(html).contains("01:00 Central time").doesNotContain("02:00 Central time");
    assertThat(html).contains("None yet: your engineer creates one for you.");
    assertThat(unzip(engineer.getBytes("/districts/" + COGNOS + "/kit.zip")).get("README.txt"))
        .contains("before\r\n  01:00 Central time");
  }

  @Test
  void aPowerSchoolDistrictSendsByApiWithThePluginItDownloads() throws Exception {
    PortalClient engineer = signedIn("engineer@hub.test");
    String html = engineer.get("/districts/" + POWERSCHOOL + "/kit").body();
    assertThat(html)
        .contains("id=\"powerschool-plugin\"")
        .contains("href=\"/districts/" + POWERSCHOOL + "/kit/powerschool-plugin.zip\"")
        .contains("Plugin Management Configuration")
        .contains("/api/v1/districts/" + POWERSCHOOL + "/files")
        .contains("$PATHWAYS_API_KEY")
        .contains("com.pathways.hub.students*")
        .doesNotContain("phk_");
    Map<String, String> kit = unzip(engineer.getBytes("/districts/" + POWERSCHOOL + "/kit.zip"));
    assertThat(kit.get("README.txt")).contains("Plugin").contains("powerschool/");
    assertThat(kit.keySet())
        .anyMatch(
            n -> n.matches("powerschool/pathways-powerschool-plugin-powerschool-in-v\\d+\\.zip"));
  }

  @Test
  void aContactDownloadsTheirOwnDistrictsPowerSchoolPluginAndNoOtherDistricts() throws Exception {
    PortalClient contact = signedIn("it@powerschool.test");
    HttpResponse<byte[]> r =
        contact.getBytes("/districts/" + POWERSCHOOL + "/kit/powerschool-plugin.zip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
    assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
        .containsPattern("pathways-powerschool-plugin-powerschool-in-v\\d+\\.zip");
    Map<String, String> plugin = unzip(r);
    assertThat(plugin.keySet())
        .containsExactlyInAnyOrder("plugin.xml", "queries_root/pathways.named_queries.xml");
    assertThat(plugin.get("plugin.xml"))
        .contains("xmlns=\"http://plugin.powerschool.pearson.com\"")
        .contains("<oauth/>");
    assertThat(plugin.get("queries_root/pathways.named_queries.xml"))
        .contains("com.pathways.hub.students")
        .doesNotContain("com.pathways.hub.ibc");

    assertThat(
            contact.getBytes("/districts/" + SKYWARD + "/kit/powerschool-plugin.zip").statusCode())
        .as("another district's plugin")
        .isEqualTo(404);
    assertThat(
            signedIn("it@skyward.test")
                .getBytes("/districts/" + POWERSCHOOL + "/kit/powerschool-plugin.zip")
                .statusCode())
        .as("another district's contact")
        .isEqualTo(404);
  }

  @Test
  void aDistrictWithAnOverrideGetsSamplesInItsOwnShapesThatLoad() throws Exception {
    PortalClient engineer = signedIn("engineer@hub.test");
    String html = engineer.get("/districts/" + OVERRIDDEN + "/kit").body();
    assertThat(html).contains("its own changes to the profile").contains("SCVS_GPA*");
    Map<String, String> zip = unzip(engineer.getBytes("/districts/" + OVERRIDDEN + "/kit.zip"));
    assertThat(zip.get("README.txt")).contains("SCVS_GPA*").contains("its own changes");
    String students =
        zip.entrySet().stream()
            .filter(e -> e.getKey().startsWith("samples/PW_Students"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    assertThat(students.lines().findFirst().orElseThrow()).contains("STUDENT-NUMBER");
    for (Map.Entry<String, String> e : zip.entrySet()) {
      if (!e.getKey().startsWith("samples/")) {
        continue;
      }
      for (RunSummary run :
          hub.ingest(
              OVERRIDDEN,
              e.getKey().substring("samples/".length()),
              e.getValue().getBytes(StandardCharsets.UTF_8))) {
        assertThat(run.status()).as(e.getKey() + ": " + run.message()).isEqualTo(RunStatus.LOADED);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("profilesAndStates")
  void everySampleFileInTheZipLoadsWithoutErrors(String profile, String state) throws Exception {
    String district = loadDistrict(profile, state);
    PortalClient engineer = signedIn("engineer@hub.test");
    HttpResponse<byte[]> r = engineer.getBytes("/districts/" + district + "/kit.zip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
        .contains("pathways-export-kit-" + district + ".zip");
    Map<String, String> zip = unzip(r);
    assertThat(zip.get(profile + ".md"))
        .isEqualTo(
            Files.readString(Path.of("docs/layouts", profile + ".md"), StandardCharsets.UTF_8));
    assertThat(zip).containsKey("README.txt");
    List<String> samples = zip.keySet().stream().filter(n -> n.startsWith("samples/")).toList();
    assertThat(samples).isNotEmpty();
    assertThat(samples.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("ibc")))
        .as("IBC samples for Texas only")
        .isEqualTo(state.equals("TX") && hasIbc(profile));
    for (String name : samples) {
      List<RunSummary> runs =
          hub.ingest(
              district,
              name.substring("samples/".length()),
              zip.get(name).getBytes(StandardCharsets.UTF_8));
      assertThat(runs).as(name + " is recognised").isNotEmpty();
      for (RunSummary run : runs) {
        assertThat(run.status()).as(name + ": " + run.message()).isEqualTo(RunStatus.LOADED);
        assertThat(run.errors()).as(name + ": " + run.issues()).isZero();
      }
    }
    assertThat(hub.count(district, "students")).isEqualTo(25);
  }

  private static boolean hasIbc(String profile) {
    return new ProfileCatalog()
        .get(profile).files().stream().anyMatch(f -> f.dataSet().id().equals("ibc"));
  }

  static Map<String, String> unzip(HttpResponse<byte[]> r) throws IOException {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).as("sign-in of " + email).isTrue();
    return c;
  }
}
