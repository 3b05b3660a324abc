package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.receive.ApiKeys;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The settings page through a browser's HTTP session: a new password or key is shown once and
 * works, a wrong override or setting is refused with its reason and nothing saved, a contact sees
 * their settings without secrets or forms, and every change is audited under the engineer's email.
 */
class SettingsPortalTest {

  static final String PASSWORD = "settings test passphrase";
  static final String ENGINEER = "engineer@hub.test";
  static final Pattern SECRET = Pattern.compile("id=\"issued-secret\" class=\"secret\">([^<]+)<");
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict("plains-isd", State.TX, "standard");
    hub.addDistrict("cognos-isd", State.TX, "cognos-tx");
    hub.addDistrict("keys-isd", State.TX, "standard");
    hub.addDistrict("moving-isd", State.TX, "standard");
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add(ENGINEER, Role.ENGINEER, null, PASSWORD);
    users.add("it@plains.test", Role.DISTRICT_CONTACT, "plains-isd", PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).isTrue();
    return c;
  }

  static String secretOn(String page) {
    Matcher m = SECRET.matcher(page);
    assertThat(m.find()).as("a secret shown on the page").isTrue();
    return m.group(1);
  }

  @Test
  void anEngineerMovesADistrictToAnotherSisProfileThatFitsItsState() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    engineer.get("/districts/moving-isd/settings");
    engineer.post(
        "/districts/moving-isd/settings/profile",
        java.util.Map.of("profileId", "powerschool-in", "state", "TX"));
    assertThat(engineer.get("/districts/moving-isd/settings").body())
        .contains("is for [IN] districts, not TX");
    assertThat(profileOf("moving-isd")).isEqualTo("standard TX");

    engineer.post(
        "/districts/moving-isd/settings/profile",
        java.util.Map.of("profileId", "cognos-tx", "state", "TX"));
    String page = engineer.get("/districts/moving-isd/settings").body();
    assertThat(page).contains("now follows the Cognos");
    assertThat(page).as("the Cognos deadline follows").contains("Now: 01:00 (default)");
    assertThat(profileOf("moving-isd")).isEqualTo("cognos-tx TX");
    assertThat(
            hub.jdbc()
                .sql(
                    "select detail from audit_event where action = 'settings.profile' and outcome = 'ok'")
                .query(String.class)
                .list())
        .containsExactly("standard/TX -> cognos-tx/TX");
  }

  static String profileOf(String code) {
    return hub.jdbc()
        .sql("select profile_id || ' ' || state from district where code = ?")
        .param(code)
        .query(String.class)
        .single();
  }

  @Test
  void aNewSftpPasswordIsShownOnceWithItsConnectionLineAndWorks() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    engineer.get("/districts/plains-isd/settings");
    HttpResponse<String> post =
        engineer.post(
            "/districts/plains-isd/settings/sftp/add",
            Map.of("username", "plains-job", "password", "true"));
    assertThat(post.statusCode()).isEqualTo(302);
    assertThat(post.headers().firstValue("Location").orElse(""))
        .endsWith("/districts/plains-isd/settings");

    String page = engineer.get("/districts/plains-isd/settings").body();
    String password = secretOn(page);
    assertThat(page)
        .contains("SFTP account plains-job created")
        .contains("Shown this once")
        .containsPattern("sftp -P \\d+ plains-job@127\\.0\\.0\\.1");
    SftpAccounts accounts = hub.bean(SftpAccounts.class);
    assertThat(accounts.checkPassword("plains-job", password)).hasValue("plains-isd");

    String again = engineer.get("/districts/plains-isd/settings").body();
    assertThat(again)
        .doesNotContain(password)
        .doesNotContain("issued-secret")
        .contains("plains-job");

    // Rotating: the new password is shown once, the old one stops working.
    engineer.post("/districts/plains-isd/settings/sftp/rotate", Map.of("username", "plains-job"));
    String rotated = secretOn(engineer.get("/districts/plains-isd/settings").body());
    assertThat(rotated).isNotEqualTo(password);
    assertThat(accounts.checkPassword("plains-job", password)).isEmpty();
    assertThat(accounts.checkPassword("plains-job", rotated)).hasValue("plains-isd");
    assertThat(engineer.get("/districts/plains-isd/settings").body()).doesNotContain(rotated);

    // Revoking: it can no longer sign in, and is listed as revoked without actions.
    engineer.post("/districts/plains-isd/settings/sftp/revoke", Map.of("username", "plains-job"));
    assertThat(accounts.checkPassword("plains-job", rotated)).isEmpty();
    assertThat(engineer.get("/districts/plains-isd/settings").body())
        .contains("revoked: it can no longer sign in")
        .containsPattern("<td>revoked \\d{4}-\\d{2}-\\d{2}");

    assertThat(audit("sftp-user.add", "plains-job")).isEqualTo(ENGINEER + " ok");
    assertThat(audit("sftp-user.rotate", "plains-job")).isEqualTo(ENGINEER + " ok");
    assertThat(audit("sftp-user.revoke", "plains-job")).isEqualTo(ENGINEER + " ok");
    assertThat(
            hub.jdbc()
                .sql("select count(*) from audit_event where detail like ? or detail like ?")
                .params("%" + password + "%", "%" + rotated + "%")
                .query(Long.class)
                .single())
        .as("no secret in the audit trail")
        .isZero();
  }

  @Test
  void aKeyOnlyAccountAndAnApiKeyAreShownOnceAndRevoked() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    engineer.get("/districts/keys-isd/settings");
    String bad =
        engineer
            .post(
                "/districts/keys-isd/settings/sftp/add",
                Map.of("username", "keys-job", "publicKey", "ssh-ed25519 not-a-key"))
            .headers()
            .firstValue("Location")
            .orElse("");
    assertThat(bad).endsWith("/districts/keys-isd/settings");
    assertThat(engineer.get("/districts/keys-isd/settings").body())
        .contains("Not an OpenSSH public key")
        .doesNotContain("<code>keys-job</code>");
    assertThat(audit("sftp-user.add", "keys-job")).isEqualTo(ENGINEER + " refused");

    engineer.post("/districts/keys-isd/settings/api-keys/add", Map.of("label", "nightly script"));
    String page = engineer.get("/districts/keys-isd/settings").body();
    String key = secretOn(page);
    assertThat(key).startsWith("phk_");
    assertThat(page)
        .contains("curl -H &#39;Authorization: Bearer " + key)
        .contains("/api/v1/districts/keys-isd/files?name=students.txt");
    ApiKeys keys = hub.bean(ApiKeys.class);
    assertThat(keys.authenticate(key)).isPresent();
    String prefix = keys.authenticate(key).orElseThrow().prefix();
    assertThat(engineer.get("/districts/keys-isd/settings").body())
        .doesNotContain(key)
        .contains("phk_" + prefix + "_…")
        .contains("nightly script");

    // Rotating replaces the key: the old one stops at once, the new one keeps the label.
    engineer.post("/districts/keys-isd/settings/api-keys/rotate", Map.of("prefix", prefix));
    String rotatedPage = engineer.get("/districts/keys-isd/settings").body();
    String rotated = secretOn(rotatedPage);
    assertThat(rotated).startsWith("phk_").isNotEqualTo(key);
    assertThat(rotatedPage).contains("revoked and replaced by");
    assertThat(keys.authenticate(key)).isEmpty();
    assertThat(keys.authenticate(rotated)).isPresent();
    assertThat(keys.authenticate(rotated).orElseThrow().label()).isEqualTo("nightly script");
    assertThat(audit("api-key.rotate", prefix)).isEqualTo(ENGINEER + " ok");
    String newPrefix = keys.authenticate(rotated).orElseThrow().prefix();

    engineer.post("/districts/keys-isd/settings/api-keys/revoke", Map.of("prefix", newPrefix));
    assertThat(keys.authenticate(rotated)).isEmpty();
    assertThat(audit("api-key.revoke", newPrefix)).isEqualTo(ENGINEER + " ok");
  }

  @Test
  void aWrongOverrideIsRefusedWithItsReasonAndTheOneInForceStays() throws Exception {
    PortalClient engineer = signedIn(ENGINEER);
    DistrictRepository districts = hub.bean(DistrictRepository.class);
    engineer.get("/districts/plains-isd/settings");
    engineer.post(
        "/districts/plains-isd/settings/override", Map.of("yaml", "tolerance: SKIP_ROWS\n"));
    assertThat(districts.profileOverride("plains-isd")).hasValue("tolerance: SKIP_ROWS\n");
    assertThat(engineer.get("/districts/plains-isd/settings").body())
        .contains("Profile override saved");

    engineer.post(
        "/districts/plains-isd/settings/override", Map.of("yaml", "tolernce: SKIP_ROWS\n"));
    String page = engineer.get("/districts/plains-isd/settings").body();
    assertThat(page).contains("The override was not saved").contains("tolernce");
    assertThat(page).as("the draft kept for fixing").contains(">tolernce: SKIP_ROWS");
    assertThat(districts.profileOverride("plains-isd")).hasValue("tolerance: SKIP_ROWS\n");
    assertThat(audit("settings.override", "plains-isd")).isEqualTo(ENGINEER + " refused");

    engineer.post("/districts/plains-isd/settings/override", Map.of("yaml", ""));
    assertThat(districts.profileOverride("plains-isd")).isEmpty();
  }

  @Test
  void integrationSettingsDefaultPerSisAndABadValueSavesNothing() throws Exception {
    Onboarding onboarding = hub.bean(Onboarding.class);
    DistrictRepository districts = hub.bean(DistrictRepository.class);
    var cognos = districts.find("cognos-isd").orElseThrow();
    Integration before = onboarding.integration(cognos);
    assertThat(before.deadline()).isEqualTo(LocalTime.of(1, 0));
    assertThat(before.deadlineIsDefault()).isTrue();
    assertThat(before.method()).isEqualTo(TransferMethod.SFTP);

    PortalClient engineer = signedIn(ENGINEER);
    assertThat(engineer.get("/districts/cognos-isd/settings").body())
        .contains("Empty: the default for this SIS, 01:00");

    engineer.post(
        "/districts/cognos-isd/settings/integration",
        Map.of(
            "transferMethod", "API",
            "deadline", "13:00",
            "holdThreshold", "20",
            "onTimeNights", "5"));
    assertThat(engineer.get("/districts/cognos-isd/settings").body())
        .contains("is not a night-time deadline");
    assertThat(onboarding.integration(cognos)).isEqualTo(before);
    assertThat(districts.find("cognos-isd").orElseThrow().holdThresholdPercent()).isEqualTo(10);

    engineer.post(
        "/districts/cognos-isd/settings/integration",
        Map.of(
            "transferMethod", "API",
            "deadline", "00:30",
            "holdThreshold", "150",
            "onTimeNights", "5"));
    assertThat(engineer.get("/districts/cognos-isd/settings").body())
        .contains("percentage from 0 to 100");
    assertThat(onboarding.integration(cognos)).isEqualTo(before);

    engineer.post(
        "/districts/cognos-isd/settings/integration",
        Map.of(
            "transferMethod", "API",
            "deadline", "00:30",
            "holdThreshold", "20",
            "onTimeNights", "5"));
    Integration after = onboarding.integration(cognos);
    assertThat(after.method()).isEqualTo(TransferMethod.API);
    assertThat(after.deadline()).isEqualTo(LocalTime.of(0, 30));
    assertThat(after.deadlineIsDefault()).isFalse();
    assertThat(after.onTimeNights()).isEqualTo(5);
    assertThat(districts.find("cognos-isd").orElseThrow().holdThresholdPercent()).isEqualTo(20);
    assertThat(audit("settings.integration", null)).isEqualTo(ENGINEER + " ok");
  }

  @Test
  void aContactSeesTheirSettingsWithoutSecretsOrFormsAndCannotChangeThem() throws Exception {
    hub.bean(SftpAccounts.class).add("plains-isd", "plains-contact-view", null, true);
    PortalClient contact = signedIn("it@plains.test");
    HttpResponse<String> page = contact.get("/districts/plains-isd/settings");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("plains-contact-view")
        .contains("before 02:00 Central time")
        .doesNotContain("/settings/sftp/add")
        .doesNotContain("/settings/integration")
        .doesNotContain("issued-secret")
        .doesNotContain("password_hash");
    assertThat(
            contact
                .post(
                    "/districts/plains-isd/settings/api-keys/add", Map.of("label", "from contact"))
                .statusCode())
        .isEqualTo(404);
    assertThat(hub.bean(ApiKeys.class).list("plains-isd"))
        .noneMatch(k -> "from contact".equals(k.label()));
    assertThat(contact.get("/districts/cognos-isd/settings").statusCode()).isEqualTo(404);
  }

  /** The actor and outcome of the latest audit event of an action (on a target, when given). */
  static String audit(String action, String target) {
    return hub.jdbc()
        .sql(
            "select actor || ' ' || outcome from audit_event where action = ?"
                + " and (cast(? as text) is null or target = ?) order by id desc limit 1")
        .params(action, target, target)
        .query(String.class)
        .single();
  }
}
