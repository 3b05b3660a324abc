package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * An administrator adds a district contact whose generated password is shown once; the contact
 * signs in with it and changes it; a disabled person cannot sign in any more.
 */
class PeoplePortalTest {

  static final String PASSWORD = "people test passphrase";
  static final Pattern SECRET = Pattern.compile("id=\"issued-secret\" class=\"secret\">([^<]+)<");
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict("people-isd", State.IN, "standard");
    hub.bean(PortalUsers.class).add("admin@hub.test", Role.ADMIN, null, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void aContactAddedInThePortalSignsInChangesTheirPasswordAndIsDisabled() throws Exception {
    PortalClient admin = new PortalClient(hub.webPort());
    assertThat(admin.signIn("admin@hub.test", PASSWORD)).isTrue();
    admin.get("/admin/people");
    admin.post(
        "/admin/people/add",
        Map.of("email", "IT@People.test", "role", "DISTRICT_CONTACT", "district", "people-isd"));
    String page = admin.get("/admin/people").body();
    Matcher m = SECRET.matcher(page);
    assertThat(m.find()).as(page).isTrue();
    String generated = m.group(1);
    assertThat(admin.get("/admin/people").body())
        .as("shown once")
        .doesNotContain(generated)
        .contains("it@people.test");

    PortalClient contact = new PortalClient(hub.webPort());
    assertThat(contact.signIn("it@people.test", generated)).isTrue();
    contact.get("/account");
    contact.post(
        "/account/password",
        Map.of(
            "current",
            "not it",
            "password",
            "a brand new passphrase",
            "confirm",
            "a brand new passphrase"));
    assertThat(contact.get("/account").body()).contains("The current password is not right");
    contact.post(
        "/account/password",
        Map.of(
            "current",
            generated,
            "password",
            "a brand new passphrase",
            "confirm",
            "a brand new passphrase"));
    assertThat(contact.get("/account").body()).contains("Your password is changed.");
    assertThat(new PortalClient(hub.webPort()).signIn("it@people.test", generated)).isFalse();
    PortalClient stillIn = new PortalClient(hub.webPort());
    assertThat(stillIn.signIn("it@people.test", "a brand new passphrase")).isTrue();
    assertThat(stillIn.get("/districts/people-isd").statusCode()).isEqualTo(200);

    admin.post("/admin/people/disable", Map.of("email", "admin@hub.test"));
    assertThat(admin.get("/admin/people").body()).contains("You cannot disable yourself");
    admin.post("/admin/people/disable", Map.of("email", "it@people.test"));
    assertThat(admin.get("/admin/people").body()).contains("Disabled it@people.test.");
    assertThat(stillIn.get("/districts/people-isd").headers().firstValue("Location").orElse(""))
        .as("a disabled person's open session ends at once")
        .endsWith("/sign-in?expired");
    assertThat(new PortalClient(hub.webPort()).signIn("it@people.test", "a brand new passphrase"))
        .isFalse();
    assertThat(
            hub.jdbc()
                .sql("select count(*) from audit_event where detail like ? or detail like ?")
                .params("%" + generated + "%", "%brand new%")
                .query(Long.class)
                .single())
        .as("no password in the audit trail")
        .isZero();
  }
}
