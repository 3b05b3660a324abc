package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Clazz;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Course;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Demographic;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Enrollment;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Org;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Role;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Session;
import org.pathways.hub.receive.pull.oneroster.OneRoster.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A district's OneRoster REST service, read with an OAuth 2 client-credentials token. Collections
 * are read a page at a time ({@code limit}, {@code offset}) until {@code X-Total-Count} is reached
 * or a page comes back short, and each page is handed on before the next is asked for. The token is
 * kept until shortly before it expires and renewed once when the service answers 401; 429 and 5xx
 * answers are retried with a growing pause, which the tests shorten.
 */
public final class OneRosterClient implements OneRosterSource {

  private static final Logger log = LoggerFactory.getLogger(OneRosterClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ATTEMPTS = 5;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(60);
  // A token is renewed this long before the service says it expires, so a page is never asked for
  // with a token that runs out on the way.
  private static final Duration EARLY = Duration.ofSeconds(30);

  /** Waits between retries; the tests pass one that does not wait. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  private final OneRosterEndpoint endpoint;
  private final HttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int pageSize;
  private String token;
  private Instant tokenExpires = Instant.MIN;

  public OneRosterClient(
      OneRosterEndpoint endpoint, HttpClient http, Clock clock, Sleeper sleeper, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive");
    }
    this.endpoint = endpoint;
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.pageSize = pageSize;
  }

  /** A client with the JDK's HTTP client, real pauses and pages of 1,000 records. */
  public static OneRosterClient of(OneRosterEndpoint endpoint, Clock clock) {
    return new OneRosterClient(
        endpoint,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        clock,
        pause -> Thread.sleep(pause.toMillis()),
        1000);
  }

  @Override
  public OneRoster.Version version() {
    return endpoint.version();
  }

  /** Gets a token now, as {@code oneroster test} does before counting the collections. */
  public void authenticate() throws IOException {
    token = null;
    token();
  }

  /** The number of records of a collection, as the service's {@code X-Total-Count} tells it. */
  public OptionalLong count(String collection) throws IOException {
    HttpResponse<InputStream> r = get(collection, 1, 0);
    try (InputStream body = r.body()) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return totalOf(r);
  }

  /** The collections the hub reads. */
  public static final List<String> COLLECTIONS =
      List.of(
          "orgs",
          "academicSessions",
          "students",
          "teachers",
          "demographics",
          "courses",
          "classes",
          "enrollments");

  @Override
  public void orgs(Sink<Org> sink) throws IOException {
    pages(
        "orgs",
        "orgs",
        n ->
            sink.accept(
                new Org(
                    text(n, "sourcedId"),
                    text(n, "name"),
                    text(n, "type"),
                    text(n, "identifier"))));
  }

  @Override
  public void academicSessions(Sink<Session> sink) throws IOException {
    pages(
        "academicSessions",
        "academicSessions",
        n ->
            sink.accept(
                new Session(
                    text(n, "sourcedId"),
                    text(n, "title"),
                    text(n, "type"),
                    text(n, "schoolYear"))));
  }

  @Override
  public void demographics(Sink<Demographic> sink) throws IOException {
    pages(
        "demographics",
        "demographics",
        n ->
            sink.accept(
                new Demographic(text(n, "sourcedId"), text(n, "birthDate"), text(n, "sex"))));
  }

  @Override
  public void users(String role, Sink<User> sink) throws IOException {
    // The services' own student and teacher collections, rather than all users filtered here.
    String collection = role.equalsIgnoreCase("student") ? "students" : "teachers";
    pages(
        collection,
        "users",
        n -> {
          User u = user(n);
          if (u.hasRole(role)) {
            sink.accept(u);
          }
        });
  }

  static User user(JsonNode n) {
    List<String> orgIds = new ArrayList<>();
    for (JsonNode o : n.path("orgs")) {
      orgIds.add(text(o, "sourcedId"));
    }
    List<Role> roles = new ArrayList<>();
    for (JsonNode r : n.path("roles")) {
      roles.add(
          new Role(
              text(r, "role"),
              text(r.path("org"), "sourcedId"),
              "primary".equalsIgnoreCase(text(r, "roleType"))));
    }
    if (roles.isEmpty() && !text(n, "role").isEmpty()) {
      // 1.1: one role, held at each of the user's orgs.
      for (String org : orgIds.isEmpty() ? List.of("") : orgIds) {
        roles.add(new Role(text(n, "role"), org, roles.isEmpty()));
      }
    }
    String primary = text(n.path("primaryOrg"), "sourcedId");
    return new User(
        text(n, "sourcedId"),
        text(n, "status"),
        text(n, "identifier"),
        text(n, "givenName"),
        text(n, "familyName"),
        text(n, "middleName"),
        text(n, "preferredFirstName"),
        text(n, "email"),
        roles,
        strings(n.path("grades")),
        orgIds,
        primary.isEmpty() ? null : primary);
  }

  @Override
  public void courses(Sink<Course> sink) throws IOException {
    pages(
        "courses",
        "courses",
        n ->
            sink.accept(
                new Course(
                    text(n, "sourcedId"),
                    text(n, "status"),
                    text(n, "title"),
                    text(n, "courseCode"),
                    text(n.path("schoolYear"), "sourcedId"),
                    text(n.path("org"), "sourcedId"),
                    strings(n.path("grades")),
                    strings(n.path("subjects")),
                    strings(n.path("subjectCodes")),
                    text(n.path("metadata"), "credits"))));
  }

  @Override
  public void classes(Sink<Clazz> sink) throws IOException {
    pages(
        "classes",
        "classes",
        n ->
            sink.accept(
                new Clazz(
                    text(n, "sourcedId"),
                    text(n.path("course"), "sourcedId"),
                    text(n.path("school"), "sourcedId"))));
  }

  @Override
  public void enrollments(Sink<Enrollment> sink) throws IOException {
    pages(
        "enrollments",
        "enrollments",
        n ->
            sink.accept(
                new Enrollment(
                    text(n.path("class"), "sourcedId"),
                    text(n.path("user"), "sourcedId"),
                    text(n.path("school"), "sourcedId"),
                    text(n, "role"))));
  }

  private void pages(String collection, String key, Sink<JsonNode> sink) throws IOException {
    long offset = 0;
    while (true) {
      HttpResponse<InputStream> r = get(collection, pageSize, offset);
      JsonNode page;
      try (InputStream body = r.body()) {
        page = JSON.readTree(body);
      } catch (JacksonException e) {
        throw new OneRosterException(
            endpoint.collection(collection)
                + " answered with something that is not OneRoster JSON ("
                + e.getOriginalMessage()
                + ")",
            e);
      }
      JsonNode records = page.path(key);
      if (!records.isArray()) {
        throw new OneRosterException(
            endpoint.collection(collection)
                + " answered without a '"
                + key
                + "' list; check that the base address is the OneRoster "
                + endpoint.version().label()
                + " rostering service");
      }
      for (JsonNode n : records) {
        sink.accept(n);
      }
      offset += records.size();
      OptionalLong total = totalOf(r);
      boolean done = total.isPresent() ? offset >= total.getAsLong() : records.size() < pageSize;
      if (done || records.isEmpty()) {
        return;
      }
    }
  }

  private static OptionalLong totalOf(HttpResponse<?> r) {
    return r.headers()
        .firstValue("X-Total-Count")
        .map(
            v -> {
              try {
                return OptionalLong.of(Long.parseLong(v.trim()));
              } catch (NumberFormatException e) {
                return OptionalLong.empty();
              }
            })
        .orElse(OptionalLong.empty());
  }

  private HttpResponse<InputStream> get(String collection, int limit, long offset)
      throws IOException {
    URI uri = URI.create(endpoint.collection(collection) + "?limit=" + limit + "&offset=" + offset);
    boolean renewed = false;
    for (int attempt = 1; ; attempt++) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofMinutes(2))
              .header("Authorization", "Bearer " + token())
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<InputStream> r = send(request, endpoint.collection(collection));
      int status = r.statusCode();
      if (status == 200) {
        return r;
      }
      String body = drain(r);
      if (status == 401 && !renewed) {
        // The token expired or was revoked early: one new token, then the same page again.
        renewed = true;
        token = null;
        attempt--;
        continue;
      }
      if (retryable(status) && attempt < ATTEMPTS) {
        pause(r, attempt);
        continue;
      }
      throw refused(collection, status, body);
    }
  }

  private OneRosterException refused(String collection, int status, String body) {
    URI where = endpoint.collection(collection);
    return switch (status) {
      case 401 ->
          new OneRosterException(
              where
                  + " refused the hub's token (HTTP 401) even after a new one was issued; check"
                  + " that client id '"
                  + endpoint.clientId()
                  + "' may read the rostering service");
      case 403 ->
          new OneRosterException(
              where
                  + " is forbidden to client id '"
                  + endpoint.clientId()
                  + "' (HTTP 403): ask the SIS administrator to grant the application the"
                  + " OneRoster scope for "
                  + collection
                  + (collection.equals("demographics")
                      ? " (roster-demographics.readonly, which carries birth dates)"
                      : " (roster-core.readonly)"));
      case 404 ->
          new OneRosterException(
              where
                  + " does not exist (HTTP 404): check the base address and that the service"
                  + " speaks OneRoster "
                  + endpoint.version().label());
      default ->
          new OneRosterException(
              where
                  + " answered HTTP "
                  + status
                  + (retryable(status) ? " after " + ATTEMPTS + " attempts" : "")
                  + ": "
                  + shorten(body));
    };
  }

  private String token() throws IOException {
    if (token != null && clock.instant().isBefore(tokenExpires)) {
      return token;
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (form(endpoint.clientId()) + ":" + form(endpoint.clientSecret()))
                    .getBytes(StandardCharsets.UTF_8));
    String scopes = scopes();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.tokenUrl())
            .timeout(Duration.ofMinutes(1))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&scope=" + form(scopes)))
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> r = send(request, endpoint.tokenUrl());
      int status = r.statusCode();
      String body = drain(r);
      if (status == 200) {
        JsonNode t;
        try {
          t = JSON.readTree(body);
        } catch (JacksonException e) {
          throw new OneRosterException(
              "The token service at " + endpoint.tokenUrl() + " answered without a JSON token", e);
        }
        String access = text(t, "access_token");
        if (access.isEmpty()) {
          throw new OneRosterException(
              "The token service at " + endpoint.tokenUrl() + " answered without an access_token");
        }
        long seconds =
            t.path("expires_in").canConvertToLong() ? t.path("expires_in").asLong() : 3600;
        token = access;
        tokenExpires = clock.instant().plusSeconds(seconds).minus(EARLY);
        log.info("OneRoster token issued by {}, valid {} s", endpoint.tokenUrl(), seconds);
        return token;
      }
      if (retryable(status) && attempt < ATTEMPTS) {
        pause(r, attempt);
        continue;
      }
      if (status == 400 || status == 401) {
        throw new OneRosterException(
            "The token service at "
                + endpoint.tokenUrl()
                + " refused client id '"
                + endpoint.clientId()
                + "' (HTTP "
                + status
                + (text(parse(body), "error").isEmpty() ? "" : " " + text(parse(body), "error"))
                + "): check the client id and secret (oneroster configure)");
      }
      if (status == 403) {
        throw new OneRosterException(
            "The token service at "
                + endpoint.tokenUrl()
                + " will not grant client id '"
                + endpoint.clientId()
                + "' the scopes "
                + scopes
                + " (HTTP 403): ask the SIS administrator to grant them");
      }
      throw new OneRosterException(
          "The token service at "
              + endpoint.tokenUrl()
              + " answered HTTP "
              + status
              + ": "
              + shorten(body));
    }
  }

  private String scopes() {
    String v = endpoint.version() == OneRoster.Version.V1_1 ? "v1p1" : "v1p2";
    return "https://purl.imsglobal.org/spec/or/"
        + v
        + "/scope/roster-core.readonly https://purl.imsglobal.org/spec/or/"
        + v
        + "/scope/roster-demographics.readonly";
  }

  private HttpResponse<InputStream> send(HttpRequest request, URI where) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (SSLException e) {
      throw new OneRosterException(
          "The certificate of "
              + where.getHost()
              + " is not trusted ("
              + e.getMessage()
              + "): check the address, or have the SIS host present a certificate from a public"
              + " authority",
          e);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new OneRosterException(
          "The hub cannot connect to "
              + where.getHost()
              + (where.getPort() > 0 ? ":" + where.getPort() : "")
              + " ("
              + e.getClass().getSimpleName()
              + "): check the address and that the SIS lets the hub in",
          e);
    } catch (java.nio.channels.UnresolvedAddressException e) {
      throw new OneRosterException(
          "The host name " + where.getHost() + " does not resolve: check the address", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while reading " + where);
    } catch (IOException e) {
      if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
        throw new OneRosterException(
            "The host name " + where.getHost() + " does not resolve: check the address", e);
      }
      throw new OneRosterException("Reading " + where + " failed: " + e, e);
    }
  }

  private void pause(HttpResponse<?> r, int attempt) throws IOException {
    Duration pause = FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
    OptionalLong retryAfter =
        r.headers()
            .firstValue("Retry-After")
            .map(
                v -> {
                  try {
                    return OptionalLong.of(Long.parseLong(v.trim()));
                  } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                  }
                })
            .orElse(OptionalLong.empty());
    if (retryAfter.isPresent()) {
      pause = Duration.ofSeconds(retryAfter.getAsLong());
    }
    if (pause.compareTo(MAX_PAUSE) > 0) {
      pause = MAX_PAUSE;
    }
    log.info(
        "OneRoster service answered HTTP {}; attempt {} of {} in {}",
        r.statusCode(),
        attempt + 1,
        ATTEMPTS,
        pause);
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while waiting to retry");
    }
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private static String drain(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = r.body()) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return JSON.missingNode();
    }
  }

  private static String shorten(String body) {
    String b = body.strip().replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  private static String form(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : array) {
      if (v.isValueNode() && !v.asString().isBlank()) {
        out.add(v.asString());
      }
    }
    return out;
  }
}
