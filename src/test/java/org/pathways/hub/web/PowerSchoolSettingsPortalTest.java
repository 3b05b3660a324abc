package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The PowerSchool API section of the settings page: a district's contact saves the connection and
 * tests it; the secret is never shown back and is stored encrypted; another district's contact gets
 * a 404.
 */
class PowerSchoolSettingsPortalTest {

  static final String PASSWORD = "powerschool settings passphrase";
  static final String SECRET = "portal-plugin-secret-7781";

  @Test
  void aContactSavesAndTestsTheConnectionWithoutSeeingTheSecretAgain(@TempDir Path dir)
      throws Exception {
    new NativeWriter("")
        .write(
            new ProfileCatalog().get("powerschool-tx"),
            new DistrictGenerator(State.TX, 20, 5L, LocalDate.of(2026, 11, 16)).generate(),
            dir);
    try (TestHub hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
        PowerSchoolServer server = new PowerSchoolServer("portal-client", SECRET, 100)) {
      server.serveFiles(dir);
      server.remove("com.pathways.hub.ibc");
      hub.addDistrict("ps-portal", State.TX, "powerschool-tx");
      hub.addDistrict("ps-other", State.TX, "powerschool-tx");
      PortalUsers users = hub.bean(PortalUsers.class);
      users.add("it@portal.test", Role.DISTRICT_CONTACT, "ps-portal", PASSWORD);
      users.add("it@other.test", Role.DISTRICT_CONTACT, "ps-other", PASSWORD);
      PortalClient contact = new PortalClient(hub.webPort());
      assertThat(contact.signIn("it@portal.test", PASSWORD)).isTrue();

      String empty = contact.get("/districts/ps-portal/settings").body();
      assertThat(empty).contains("PowerSchool API").doesNotContain("Test connection");

      var saved =
          contact.post(
              "/districts/ps-portal/settings/powerschool",
              Map.of(
                  "serverUrl",
                  server.url().toString(),
                  "clientId",
                  "portal-client",
                  "clientSecret",
                  SECRET));
      assertThat(saved.statusCode()).isEqualTo(302);
      String page = contact.get("/districts/ps-portal/settings").body();
      assertThat(page)
          .contains("PowerSchool connection saved.")
          .contains("value=\"" + server.url() + "\"")
          .contains("value=\"portal-client\"")
          .contains("leave this empty to keep it")
          .doesNotContain(SECRET);
      byte[] stored =
          hub.jdbc()
              .sql("select client_secret from powerschool_connection where district = 'ps-portal'")
              .query(byte[].class)
              .single();
      assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

      // A blank secret keeps the saved one: the test still signs in.
      contact.post(
          "/districts/ps-portal/settings/powerschool",
          Map.of(
              "serverUrl",
              server.url().toString(),
              "clientId",
              "portal-client",
              "clientSecret",
              ""));
      contact.get("/districts/ps-portal/settings");
      contact.post("/districts/ps-portal/settings/powerschool/test", Map.of());
      String tested = contact.get("/districts/ps-portal/settings").body();
      assertThat(tested)
          .contains("Connection test: needs attention")
          .contains("Signed in to PowerSchool 25.4.0.0; pages of 100 records.")
          .contains(server.rows("com.pathways.hub.students") + " records")
          .contains("does not know the query com.pathways.hub.ibc (404)")
          .doesNotContain(SECRET);
      assertThat(server.tokensIssued()).isOne();

      PortalClient other = new PortalClient(hub.webPort());
      assertThat(other.signIn("it@other.test", PASSWORD)).isTrue();
      assertThat(
              other
                  .post(
                      "/districts/ps-portal/settings/powerschool",
                      Map.of("serverUrl", "https://evil.example.org", "clientId", "x"))
                  .statusCode())
          .isEqualTo(404);
      assertThat(
              other.post("/districts/ps-portal/settings/powerschool/test", Map.of()).statusCode())
          .isEqualTo(404);
      assertThat(
              hub.jdbc()
                  .sql("select server_url from powerschool_connection where district = 'ps-portal'")
                  .query(String.class)
                  .single())
          .isEqualTo(server.url().toString());
      assertThat(
              hub.jdbc()
                  .sql(
                      "select count(*) from audit_event where district = 'ps-portal' and actor ="
                          + " 'it@portal.test' and action like 'powerschool.%'")
                  .query(Long.class)
                  .single())
          .isEqualTo(3);
    }
  }
}
