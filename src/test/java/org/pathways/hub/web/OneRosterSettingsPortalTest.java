package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.receive.pull.oneroster.OneRoster;
import org.pathways.hub.receive.pull.oneroster.OneRosterTestServer;
import org.pathways.hub.receive.pull.oneroster.TestRoster;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The OneRoster API section of the settings page: a district's contact saves the connection and
 * tests it, collection by collection; the secret is never shown back and is stored encrypted; an
 * address that would send the secret in clear is refused; another district's contact gets a 404.
 */
class OneRosterSettingsPortalTest {

  static final String PASSWORD = "oneroster settings passphrase";
  static final String SECRET = "portal-oneroster-secret-5521";

  @Test
  void aContactSavesAndTestsTheConnectionWithoutSeeingTheSecretAgain() throws Exception {
    try (TestHub hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
        OneRosterTestServer server =
            new OneRosterTestServer(
                TestRoster.small(14), OneRoster.Version.V1_1, "portal-client", SECRET)) {
      hub.addDistrict("or-portal", State.TX, "standard");
      hub.addDistrict("or-other", State.TX, "standard");
      hub.addDistrict("or-skyward", State.TX, "skyward-sms-tx");
      PortalUsers users = hub.bean(PortalUsers.class);
      users.add("it@skyward.test", Role.DISTRICT_CONTACT, "or-skyward", PASSWORD);
      PortalClient skyward = new PortalClient(hub.webPort());
      assertThat(skyward.signIn("it@skyward.test", PASSWORD)).isTrue();
      assertThat(skyward.get("/districts/or-skyward/settings").body())
          .as("a profile that reads its SIS's own files cannot take a OneRoster pull")
          .doesNotContain("OneRoster API");
      users.add("it@portal.test", Role.DISTRICT_CONTACT, "or-portal", PASSWORD);
      users.add("it@other.test", Role.DISTRICT_CONTACT, "or-other", PASSWORD);
      PortalClient contact = new PortalClient(hub.webPort());
      assertThat(contact.signIn("it@portal.test", PASSWORD)).isTrue();

      // A standard-profile district is pulled from OneRoster: its page offers only that section.
      String empty = contact.get("/districts/or-portal/settings").body();
      assertThat(empty)
          .contains("OneRoster API")
          .doesNotContain("PowerSchool API")
          .doesNotContain("Test connection");

      contact.post(
          "/districts/or-portal/settings/oneroster",
          Map.of(
              "baseUrl",
              "http://sis.example.org",
              "tokenUrl",
              "http://sis.example.org/token",
              "clientId",
              "portal-client",
              "version",
              "1.1",
              "clientSecret",
              SECRET));
      assertThat(contact.get("/districts/or-portal/settings").body())
          .contains("must start with https://, not http://");

      var saved =
          contact.post(
              "/districts/or-portal/settings/oneroster",
              Map.of(
                  "baseUrl",
                  server.base().toString(),
                  "tokenUrl",
                  server.tokenUrl().toString(),
                  "clientId",
                  "portal-client",
                  "version",
                  "1.1",
                  "clientSecret",
                  SECRET));
      assertThat(saved.statusCode()).isEqualTo(302);
      String page = contact.get("/districts/or-portal/settings").body();
      assertThat(page)
          .contains("OneRoster connection saved.")
          .contains("value=\"" + server.base() + "\"")
          .contains("value=\"" + server.tokenUrl() + "\"")
          .contains("value=\"portal-client\"")
          .contains("leave this empty to keep it")
          .doesNotContain(SECRET);
      byte[] stored =
          hub.jdbc()
              .sql("select client_secret from oneroster_connection where district = 'or-portal'")
              .query(byte[].class)
              .single();
      assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

      // A blank secret keeps the saved one: the test still gets a token.
      contact.post(
          "/districts/or-portal/settings/oneroster",
          Map.of(
              "baseUrl",
              server.base().toString(),
              "tokenUrl",
              server.tokenUrl().toString(),
              "clientId",
              "portal-client",
              "version",
              "1.1",
              "clientSecret",
              ""));
      contact.get("/districts/or-portal/settings");
      server.forbid("demographics");
      contact.post("/districts/or-portal/settings/oneroster/test", Map.of());
      String tested = contact.get("/districts/or-portal/settings").body();
      assertThat(tested)
          .contains("Connection test: needs attention")
          .contains("Token issued by the OneRoster 1.1 service.")
          .contains("<code>students</code></td>\n      <td>14 records</td>")
          .contains("demographics is forbidden to client id")
          .contains("(HTTP 403)")
          .contains("Last test")
          .doesNotContain(SECRET);
      assertThat(server.tokensIssued()).isOne();

      PortalClient other = new PortalClient(hub.webPort());
      assertThat(other.signIn("it@other.test", PASSWORD)).isTrue();
      assertThat(
              other
                  .post(
                      "/districts/or-portal/settings/oneroster",
                      Map.of(
                          "baseUrl",
                          "https://evil.example.org",
                          "tokenUrl",
                          "https://evil.example.org/token",
                          "clientId",
                          "x"))
                  .statusCode())
          .isEqualTo(404);
      assertThat(other.post("/districts/or-portal/settings/oneroster/test", Map.of()).statusCode())
          .isEqualTo(404);
      assertThat(
              hub.jdbc()
                  .sql("select base_url from oneroster_connection where district = 'or-portal'")
                  .query(String.class)
                  .single())
          .isEqualTo(server.base().toString());
      assertThat(
              hub.jdbc()
                  .sql(
                      "select action || ' ' || outcome from audit_event where district ="
                          + " 'or-portal' and actor = 'it@portal.test' and action like"
                          + " 'oneroster.%' order by id")
                  .query(String.class)
                  .list())
          .containsExactly(
              "oneroster.configure refused",
              "oneroster.configure ok",
              "oneroster.configure ok",
              "oneroster.test failed");
    }
  }
}
