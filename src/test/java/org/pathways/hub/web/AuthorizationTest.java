package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every endpoint of the hub with every kind of person, against their own district and
 * another: a district contact gets 404 for anything of another district and for staff actions,
 * nobody gets in without signing in, and a new endpoint cannot be added without being listed here.
 */
class AuthorizationTest {

  static final String OWN = "alpha-isd";
  static final String OTHER = "beta-isd";
  static final String PASSWORD = "correct horse battery staple";

  /** Who may reach an endpoint. */
  enum Access {
    /** Anybody, signed in or not. */
    PUBLIC,
    /** Anybody signed in, for a district they may see. */
    DISTRICT,
    /** Engineers and administrators only, for any district. */
    STAFF,
    /** Administrators only. */
    ADMIN,
    /** Scripts with a district's API key or a service token, never a portal session. */
    API
  }

  /**
   * One endpoint: its method and pattern as the portal maps it, who may reach it, and a request
   * that exercises it ({@code {code}} and {@code {id}} are filled per district).
   */
  record Probe(
      String method, String pattern, Access access, Map<String, String> form, String upload) {
    static Probe get(String pattern, Access access) {
      return new Probe("GET", pattern, access, Map.of(), null);
    }

    static Probe post(String pattern, Access access, Map<String, String> form) {
      return new Probe("POST", pattern, access, form, null);
    }

    /** A file sent as the raw body, as the upload page's script sends it. */
    static Probe upload(String pattern, Access access, String fileName) {
      return new Probe("POST", pattern, access, Map.of(), fileName);
    }

    boolean perDistrict() {
      return pattern.contains("{code}") || pattern.contains("{id}");
    }
  }

  /** Every endpoint; {@link #everyEndpointIsProbed} fails when one is missing. */
  static final List<Probe> PROBES =
      List.of(
          Probe.get("/", Access.DISTRICT),
          Probe.get("/sign-in", Access.PUBLIC),
          Probe.get("/account", Access.DISTRICT),
          // A wrong current password: refused with a message, nothing changed.
          Probe.post(
              "/account/password",
              Access.DISTRICT,
              Map.of("current", "wrong", "password", "x", "confirm", "x")),
          Probe.get("/admin/people", Access.ADMIN),
          Probe.post("/admin/people/add", Access.ADMIN, Map.of("email", "not an email")),
          Probe.post(
              "/admin/people/reset-password", Access.ADMIN, Map.of("email", "nobody@hub.test")),
          Probe.post("/admin/people/disable", Access.ADMIN, Map.of("email", "nobody@hub.test")),
          Probe.get("/districts/{code}", Access.DISTRICT),
          Probe.get("/runs/{id}", Access.DISTRICT),
          Probe.get("/districts/{code}/runs", Access.DISTRICT),
          Probe.get("/districts/{code}/data", Access.DISTRICT),
          Probe.get("/districts/{code}/students/{id}", Access.DISTRICT),
          Probe.get("/districts/{code}/runs.csv", Access.DISTRICT),
          Probe.get("/districts/{code}/runs.xlsx", Access.DISTRICT),
          Probe.get("/runs/{id}/issues.csv", Access.DISTRICT),
          Probe.get("/runs/{id}/issues.xlsx", Access.DISTRICT),
          Probe.post("/runs/{id}/release", Access.STAFF, Map.of("reason", "probe")),
          Probe.get("/districts/{code}/nightly", Access.DISTRICT),
          Probe.get("/districts/{code}/nightly/rows.json", Access.DISTRICT),
          // Refused changes (a day that is not one, a pause that ends before it starts, a pause
          // that is not there): answered with a redirect and a message, nothing changed.
          Probe.post(
              "/districts/{code}/nightly/nights",
              Access.STAFF,
              Map.of("nights-students", "someday")),
          Probe.post(
              "/districts/{code}/nightly/pauses/add",
              Access.STAFF,
              Map.of("starts", "2027-06-01", "ends", "2027-05-01", "reason", "probe")),
          Probe.post("/districts/{code}/nightly/pauses/remove", Access.STAFF, Map.of("id", "0")),
          Probe.post("/districts/{code}/nightly/semesters", Access.STAFF, Map.of("ends", "13-45")),
          Probe.get("/districts/{code}/upload", Access.DISTRICT),
          Probe.upload("/districts/{code}/upload", Access.DISTRICT, "students.txt"),
          Probe.get("/districts/{code}/upload/runs", Access.DISTRICT),
          Probe.post("/runs/{id}/discard", Access.STAFF, Map.of("reason", "probe")),
          Probe.get("/districts/{code}/worksheet", Access.DISTRICT),
          Probe.post("/districts/{code}/worksheet", Access.DISTRICT, Map.of("teachers", "3")),
          Probe.get("/districts/{code}/worksheet/template.xlsx", Access.DISTRICT),
          // A form without a file: answered with a redirect and a message, like any refusal.
          Probe.post("/districts/{code}/worksheet/upload", Access.DISTRICT, Map.of()),
          Probe.post(
              "/districts/{code}/worksheet/waive",
              Access.STAFF,
              Map.of("line", "teachers", "reason", "probe")),
          Probe.post("/districts/{code}/worksheet/approve", Access.STAFF, Map.of()),
          Probe.get("/districts/{code}/settings", Access.DISTRICT),
          Probe.post(
              "/districts/{code}/settings/integration",
              Access.STAFF,
              Map.of(
                  "transferMethod",
                  "SFTP",
                  "deadline",
                  "",
                  "holdThreshold",
                  "10",
                  "onTimeNights",
                  "3")),
          Probe.post("/districts/{code}/settings/override", Access.STAFF, Map.of("yaml", "")),
          Probe.post(
              "/districts/{code}/settings/profile",
              Access.STAFF,
              Map.of("profileId", "standard", "state", "TX")),
          Probe.post(
              "/districts/{code}/settings/sftp/add", Access.STAFF, Map.of("password", "true")),
          Probe.post(
              "/districts/{code}/settings/sftp/rotate", Access.STAFF, Map.of("username", "nobody")),
          Probe.post(
              "/districts/{code}/settings/sftp/key",
              Access.STAFF,
              Map.of("username", "nobody", "publicKey", "ssh-ed25519 AAAA")),
          Probe.post(
              "/districts/{code}/settings/sftp/revoke", Access.STAFF, Map.of("username", "nobody")),
          Probe.post(
              "/districts/{code}/settings/api-keys/add", Access.STAFF, Map.of("label", "probe")),
          Probe.post(
              "/districts/{code}/settings/api-keys/rotate", Access.STAFF, Map.of("prefix", "none")),
          Probe.post(
              "/districts/{code}/settings/api-keys/revoke", Access.STAFF, Map.of("prefix", "none")),
          Probe.post(
              "/districts/{code}/settings/powerschool",
              Access.DISTRICT,
              Map.of("serverUrl", "not an address", "clientId", "probe")),
          Probe.post("/districts/{code}/settings/powerschool/test", Access.DISTRICT, Map.of()),
          Probe.post(
              "/districts/{code}/settings/oneroster",
              Access.DISTRICT,
              Map.of("baseUrl", "not an address", "tokenUrl", "nor this", "clientId", "probe")),
          Probe.post("/districts/{code}/settings/oneroster/test", Access.DISTRICT, Map.of()),
          Probe.get("/districts/{code}/onboarding", Access.DISTRICT),
          Probe.post(
              "/districts/{code}/onboarding/dates",
              Access.STAFF,
              Map.of("kickoff", "2026-10-05", "training", "2026-10-26")),
          Probe.post(
              "/districts/{code}/onboarding/done",
              Access.STAFF,
              Map.of("step", "WORKSHEET", "note", "probe")),
          Probe.post(
              "/districts/{code}/onboarding/undo", Access.STAFF, Map.of("step", "WORKSHEET")),
          Probe.get("/districts/{code}/alerts", Access.DISTRICT),
          Probe.post(
              "/districts/{code}/alerts",
              Access.STAFF,
              Map.of("emailEnabled", "true", "toContacts", "true")),
          Probe.get("/alerts", Access.STAFF),
          Probe.post("/alerts/digest", Access.STAFF, Map.of("wanted", "true")),
          Probe.get("/districts/{code}/kit", Access.DISTRICT),
          Probe.get("/districts/{code}/kit.zip", Access.DISTRICT),
          Probe.get("/districts/{code}/kit/powerschool-plugin.zip", Access.DISTRICT),
          Probe.post("/api/v1/districts/{code}/files", Access.API, Map.of()),
          Probe.get("/api/v1/districts/{code}/runs/{id}", Access.API),
          // The read API: a service token opens it, never a portal session.
          Probe.get("/api/v1/districts", Access.API),
          Probe.get("/api/v1/districts/{code}/campuses", Access.API),
          Probe.get("/api/v1/districts/{code}/students", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}/transcript", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}/graduation-progress", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}/gpa", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}/ibc", Access.API),
          Probe.get("/api/v1/districts/{code}/students/{id}/course-requests", Access.API),
          Probe.get("/api/v1/districts/{code}/teachers", Access.API),
          Probe.get("/api/v1/districts/{code}/users", Access.API),
          Probe.get("/api/v1/districts/{code}/courses", Access.API),
          Probe.get("/api/v1/districts/{code}/changes", Access.API),
          Probe.get("/api/v1/districts/{code}/nights", Access.API),
          Probe.get("/api/v1/openapi.json", Access.PUBLIC));

  static TestHub hub;
  static Map<String, Long> runOf;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict(OWN, State.TX, "standard");
    hub.addDistrict(OTHER, State.TX, "standard");
    runOf =
        Map.of(
            OWN, hub.ingestOne(OWN, "students.txt", Sample.students(3)).runId(),
            OTHER, hub.ingestOne(OTHER, "students.txt", Sample.students(4)).runId());
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("admin@hub.test", Role.ADMIN, null, PASSWORD);
    users.add("engineer@hub.test", Role.ENGINEER, null, PASSWORD);
    users.add("contact@alpha.test", Role.DISTRICT_CONTACT, OWN, PASSWORD);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void everyEndpointIsProbed() {
    RequestMappingHandlerMapping mapping =
        hub.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> mapped = new TreeSet<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
      if (e.getValue().getBeanType().getName().startsWith("org.springframework")) {
        continue; // Boot's own error page
      }
      for (String pattern : e.getKey().getPatternValues()) {
        for (var method : e.getKey().getMethodsCondition().getMethods()) {
          mapped.add(method.name() + " " + normalize(pattern));
        }
      }
    }
    Set<String> probed = new TreeSet<>();
    PROBES.forEach(p -> probed.add(p.method() + " " + p.pattern()));
    assertThat(probed).as("probes for every mapped endpoint").containsAll(mapped);
    assertThat(mapped).as("no probe for an endpoint that is gone").containsAll(probed);
  }

  /** Path variables are named {code} for a district and {id} for a run in the probes. */
  private static String normalize(String pattern) {
    return pattern
        .replaceAll("\\{[a-z]*[cC]ode\\}", "{code}")
        .replaceAll("\\{(?!code\\})[a-zA-Z]*\\}", "{id}");
  }

  @Test
  void nobodyGetsInWithoutSigningIn() throws Exception {
    PortalClient anonymous = new PortalClient(hub.webPort());
    for (Probe p : PROBES) {
      for (String district : districtsFor(p)) {
        HttpResponse<String> r = send(anonymous, p, district);
        String what = p + " for " + district;
        switch (p.access()) {
          case PUBLIC -> assertThat(r.statusCode()).as(what).isEqualTo(200);
          case API -> assertThat(r.statusCode()).as(what).isEqualTo(401);
          default -> {
            assertThat(r.statusCode()).as(what).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).as(what).endsWith("/sign-in");
          }
        }
      }
    }
  }

  @Test
  void aDistrictContactSeesOnlyTheirDistrict() throws Exception {
    PortalClient contact = signedIn("contact@alpha.test");
    for (Probe p : PROBES) {
      for (String district : districtsFor(p)) {
        int status = send(contact, p, district).statusCode();
        String what = p + " for " + district;
        switch (p.access()) {
          case PUBLIC -> assertThat(status).as(what).isLessThan(400);
          case DISTRICT ->
              assertThat(status).as(what).isEqualTo(district.equals(OTHER) ? 404 : ok(p, false));
          case STAFF -> assertThat(status).as(what).isEqualTo(404);
          case ADMIN -> assertThat(status).as(what).isEqualTo(403);
          case API -> assertThat(status).as(what + ": a session is not an API key").isEqualTo(401);
        }
      }
    }
    HttpResponse<String> home = contact.get("/");
    assertThat(home.headers().firstValue("Location").orElse("")).endsWith("/districts/" + OWN);
  }

  @Test
  void engineersSeeEveryDistrictAndOnlyAdministratorsTheAdministration() throws Exception {
    for (String email : List.of("engineer@hub.test", "admin@hub.test")) {
      PortalClient staff = signedIn(email);
      for (Probe p : PROBES) {
        for (String district : districtsFor(p)) {
          int status = send(staff, p, district).statusCode();
          String what = email + " " + p + " for " + district;
          switch (p.access()) {
            case PUBLIC, DISTRICT, STAFF -> assertThat(status).as(what).isEqualTo(ok(p, true));
            case ADMIN ->
                assertThat(status)
                    .as(what)
                    .isEqualTo(email.startsWith("admin") ? ok(p, true) : 403);
            case API -> assertThat(status).as(what).isEqualTo(401);
          }
        }
      }
    }
  }

  @Test
  void aChangeWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
    PortalClient engineer = signedIn("engineer@hub.test");
    assertThat(engineer.postRaw("/sign-out", Map.of()).statusCode()).isEqualTo(403);
    assertThat(engineer.get("/").statusCode()).as("still signed in").isEqualTo(200);
    assertThat(engineer.post("/sign-out", Map.of()).statusCode()).isEqualTo(302);
    assertThat(engineer.get("/").statusCode()).as("signed out").isEqualTo(302);
  }

  @Test
  void pagesCarryStrictHeadersAndTheSessionCookieIsHiddenFromScripts() throws Exception {
    PortalClient client = new PortalClient(hub.webPort());
    client.get("/sign-in");
    HttpResponse<String> r =
        client.post("/sign-in", Map.of("email", "engineer@hub.test", "password", PASSWORD));
    String cookie = r.headers().firstValue("Set-Cookie").orElse("");
    assertThat(cookie).contains("JSESSIONID").contains("HttpOnly").contains("SameSite=Lax");
    HttpResponse<String> page = client.get("/");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void aWrongPasswordADisabledAccountAndRepeatedGuessesAreRefused() throws Exception {
    PortalUsers users = hub.bean(PortalUsers.class);
    users.add("leaver@hub.test", Role.ENGINEER, null, PASSWORD);
    users.disable("leaver@hub.test");
    assertThat(new PortalClient(hub.webPort()).signIn("leaver@hub.test", PASSWORD)).isFalse();
    assertThat(new PortalClient(hub.webPort()).signIn("nobody@hub.test", PASSWORD)).isFalse();

    users.add("guessed@hub.test", Role.ENGINEER, null, PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertThat(new PortalClient(hub.webPort()).signIn("GUESSED@hub.test", "wrong " + i))
          .isFalse();
    }
    assertThat(new PortalClient(hub.webPort()).signIn("guessed@hub.test", PASSWORD))
        .as("locked out after five failures, even with the right password")
        .isFalse();
    List<String> outcomes =
        hub.jdbc()
            .sql(
                "select outcome from audit_event where action = 'portal.sign-in' and target = ? order by at")
            .param("guessed@hub.test")
            .query(String.class)
            .list();
    assertThat(outcomes).endsWith("refused", "locked");
    assertThat(
            hub.jdbc()
                .sql("select count(*) from audit_event where detail like ?")
                .param("%" + PASSWORD + "%")
                .query(Long.class)
                .single())
        .as("no password in the audit trail")
        .isZero();
  }

  private static PortalClient signedIn(String email) throws Exception {
    PortalClient c = new PortalClient(hub.webPort());
    assertThat(c.signIn(email, PASSWORD)).as("sign-in of " + email).isTrue();
    return c;
  }

  private static List<String> districtsFor(Probe p) {
    return p.perDistrict() ? List.of(OWN, OTHER) : List.of(OWN);
  }

  /**
   * What an allowed request answers: a page, or a redirect after a change (and a contact's home
   * page is a redirect to their district).
   */
  private static int ok(Probe p, boolean staff) {
    if (p.upload() != null) {
      return 202;
    }
    if (p.method().equals("POST") || (p.pattern().equals("/") && !staff)) {
      return 302;
    }
    return 200;
  }

  private static HttpResponse<String> send(PortalClient client, Probe p, String district)
      throws Exception {
    // A student's pages name a student (both districts have 1001), every other {id} is a run.
    String id =
        p.pattern().contains("/students/{id}") ? "1001" : String.valueOf(runOf.get(district));
    String path = p.pattern().replace("{code}", district).replace("{id}", id);
    if (p.method().equals("GET")) {
      return client.get(path);
    }
    if (p.upload() != null) {
      return client.upload(path, p.upload(), Sample.students(3).getBytes(StandardCharsets.UTF_8));
    }
    return client.post(path, new java.util.HashMap<>(p.form()));
  }
}
