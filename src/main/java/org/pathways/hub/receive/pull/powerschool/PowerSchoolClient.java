package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks PowerSchool's API for one district: an OAuth token by client credentials (kept until it
 * expires, renewed when PowerSchool refuses it), the server's metadata, and a PowerQuery's count
 * and pages. Busy (429), failing (5xx) and unreachable servers are tried again with a doubling
 * wait, within a bounded number of attempts and the pull's deadline; every other failure is
 * explained at once in words a district IT person can act on.
 *
 * <p>Not thread-safe: one pull, one client.
 */
final class PowerSchoolClient {

  private static final Logger log = LoggerFactory.getLogger(PowerSchoolClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // A token this close to its expiry is renewed first rather than used for a long page.
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  // How much of an error body a message quotes: PowerSchool's messages are short.
  private static final int QUOTE_CHARS = 300;

  private final Credentials credentials;
  private final HttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final PowerSchoolProperties props;
  private final Instant deadline;
  private String token;
  private Instant tokenExpires;
  private int tokensFetched;

  /**
   * @param deadline when the whole pull (or test) must be done by, on {@code clock}
   */
  PowerSchoolClient(
      Credentials credentials,
      HttpClient http,
      Clock clock,
      Sleeper sleeper,
      PowerSchoolProperties props,
      Instant deadline) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.props = Objects.requireNonNull(props, "props");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /**
   * What the server says of itself.
   *
   * @param version PowerSchool's version, or null when not given
   * @param maxPageSize the most records a PowerQuery page may hold
   */
  record Metadata(String version, int maxPageSize) {}

  /** How many tokens this client has fetched: one, unless one expired or was refused. */
  int tokensFetched() {
    return tokensFetched;
  }

  Metadata metadata() throws IOException {
    JsonNode body = call("the server's metadata", null, "GET", "/ws/v1/metadata", null);
    JsonNode m = body.path("metadata");
    JsonNode size = m.path("schema_table_query_max_page_size");
    int max = size.isNumber() ? size.intValue() : parseInt(size, props.pageSize());
    JsonNode version = m.path("powerschool_version");
    return new Metadata(
        version.isValueNode() ? version.asString() : null, max > 0 ? max : props.pageSize());
  }

  /** How many records a query returns, as PowerSchool counts them. */
  long count(String query) throws IOException {
    JsonNode body =
        call(
            "the count of " + query,
            query,
            "POST",
            "/ws/schema/query/" + encode(query) + "/count",
            "{}");
    JsonNode count = body.path("count");
    if (count.isNumber()) {
      return count.longValue();
    }
    try {
      return Long.parseLong(count.asString().strip());
    } catch (NumberFormatException | JacksonException e) {
      throw new PowerSchoolException(
          Problem.RESPONSE,
          "PowerSchool at "
              + credentials.server()
              + " answered the count of "
              + query
              + " without a count: "
              + quote(body.toString()),
          e);
    }
  }

  /**
   * One page of a query's records, each as its fields by lower-case name: the part after the last
   * dot, since some PowerSchool versions name a flattened column {@code students.student_number}.
   *
   * @param page the page, from 1
   */
  List<Map<String, String>> page(String query, int page, int pageSize) throws IOException {
    JsonNode body =
        call(
            "page " + page + " of " + query,
            query,
            "POST",
            "/ws/schema/query/" + encode(query) + "?page=" + page + "&pagesize=" + pageSize,
            "{}");
    JsonNode records = body.path("record");
    if (records.isMissingNode() || records.isNull()) {
      // PowerSchool leaves the array out of an empty page.
      return List.of();
    }
    if (!records.isArray()) {
      throw new PowerSchoolException(
          Problem.RESPONSE,
          "PowerSchool at "
              + credentials.server()
              + " answered page "
              + page
              + " of "
              + query
              + " without a list of records");
    }
    List<Map<String, String>> out = new ArrayList<>(records.size());
    for (JsonNode r : records) {
      Map<String, String> fields = new LinkedHashMap<>();
      flatten(r, fields);
      out.add(fields);
    }
    return out;
  }

  /**
   * A record's fields: flattened queries give them at the top; others nest them by table under
   * {@code tables}.
   */
  private static void flatten(JsonNode node, Map<String, String> into) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(v, into);
      } else if (v.isValueNode() && !v.isNull()) {
        String name = e.getKey();
        int dot = name.lastIndexOf('.');
        into.put((dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT), v.asString());
      }
    }
  }

  /** Fetches a token now, even if one is held: the first step of a connection test. */
  void signIn() throws IOException {
    token = null;
    token();
  }

  private String token() throws IOException {
    if (token != null && clock.instant().plus(EXPIRY_MARGIN).isBefore(tokenExpires)) {
      return token;
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (credentials.clientId() + ":" + credentials.secret().reveal())
                    .getBytes(StandardCharsets.UTF_8));
    JsonNode body =
        send(
            "an access token",
            null,
            () ->
                request("/oauth/access_token")
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build(),
            true);
    JsonNode access = body.path("access_token");
    if (!access.isString() || access.asString().isBlank()) {
      throw new PowerSchoolException(
          Problem.RESPONSE,
          "PowerSchool at " + credentials.server() + " gave no access token for the client id");
    }
    // PowerSchool gives expires_in as a string of seconds; a number is taken too.
    long seconds = body.path("expires_in").isNumber() ? body.path("expires_in").longValue() : -1;
    if (seconds < 0) {
      seconds = parseInt(body.path("expires_in"), 3600);
    }
    token = access.asString();
    tokenExpires = clock.instant().plusSeconds(seconds);
    tokensFetched++;
    log.info(
        "Signed in to PowerSchool of district {}; the token lasts {}s",
        credentials.district(),
        seconds);
    return token;
  }

  private interface RequestFactory {
    HttpRequest build() throws IOException;
  }

  /** A request with the access token, renewed once when PowerSchool says it is no longer valid. */
  private JsonNode call(String what, String query, String method, String path, String json)
      throws IOException {
    boolean renewed = false;
    while (true) {
      String bearer = token();
      try {
        return send(
            what,
            query,
            () -> {
              HttpRequest.Builder b =
                  request(path)
                      .header("Authorization", "Bearer " + bearer)
                      .header("Accept", "application/json");
              if (json == null) {
                b.GET();
              } else {
                b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
              }
              return b.build();
            },
            false);
      } catch (TokenRefused e) {
        if (renewed) {
          throw new PowerSchoolException(
              Problem.CREDENTIALS,
              "PowerSchool at "
                  + credentials.server()
                  + " refused a new access token for "
                  + what
                  + " (401). Check that the Pathways plugin is enabled and that its client id and"
                  + " secret are the ones saved in the hub.");
        }
        // The token expired early or was revoked: sign in again and retry this request once.
        log.info(
            "PowerSchool refused the token of district {}; signing in again",
            credentials.district());
        token = null;
        renewed = true;
      }
    }
  }

  /** A 401 on a request with a token: the caller renews it. */
  private static final class TokenRefused extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Sends a request until it succeeds, tries again when the server is busy, failing or unreachable,
   * and explains any other failure.
   */
  private JsonNode send(String what, String query, RequestFactory factory, boolean tokenRequest)
      throws IOException {
    PowerSchoolException last = null;
    for (int attempt = 1; attempt <= props.maxAttempts(); attempt++) {
      checkDeadline(what, last);
      HttpResponse<String> r;
      Duration wait = backoff(attempt);
      try {
        r = http.send(factory.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while asking PowerSchool for " + what, e);
      } catch (SSLHandshakeException e) {
        throw new PowerSchoolException(
            Problem.CERTIFICATE,
            "The server's certificate is not trusted: "
                + e.getMessage()
                + ". "
                + credentials.server()
                + " must present a certificate from a public certificate authority for its own"
                + " name; check the address, or ask the PowerSchool server's administrator.",
            e);
      } catch (HttpConnectTimeoutException e) {
        last =
            new PowerSchoolException(
                Problem.TIMEOUT,
                "Could not connect to "
                    + credentials.server()
                    + " within "
                    + props.connectTimeout().toSeconds()
                    + " seconds: check the address and that the server accepts connections from"
                    + " the hub (firewall)",
                e);
        sleep(wait, what, last);
        continue;
      } catch (HttpTimeoutException e) {
        last =
            new PowerSchoolException(
                Problem.TIMEOUT,
                "PowerSchool at "
                    + credentials.server()
                    + " did not answer "
                    + what
                    + " within "
                    + props.requestTimeout().toSeconds()
                    + " seconds",
                e);
        sleep(wait, what, last);
        continue;
      } catch (ConnectException e) {
        if (unknownHost(e)) {
          throw new PowerSchoolException(
              Problem.ADDRESS,
              "The server address "
                  + credentials.server()
                  + " is wrong: the host "
                  + credentials.server().getHost()
                  + " is unknown. Check the address of the district's PowerSchool.",
              e);
        }
        last =
            new PowerSchoolException(
                Problem.ADDRESS,
                "Could not connect to "
                    + credentials.server()
                    + ": the connection was refused. Check the address (and port) of the district's"
                    + " PowerSchool and that it is running.",
                e);
        sleep(wait, what, last);
        continue;
      } catch (IOException e) {
        last =
            new PowerSchoolException(
                Problem.SERVER,
                "The connection to "
                    + credentials.server()
                    + " failed while asking for "
                    + what
                    + ": "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()),
                e);
        sleep(wait, what, last);
        continue;
      }
      int status = r.statusCode();
      if (status / 100 == 2) {
        try {
          return JSON.readTree(r.body());
        } catch (JacksonException e) {
          throw new PowerSchoolException(
              Problem.RESPONSE,
              "PowerSchool at "
                  + credentials.server()
                  + " answered "
                  + what
                  + " with something that is not JSON; is this the PowerSchool server's address?",
              e);
        }
      }
      if (status == 429 || status / 100 == 5) {
        last =
            new PowerSchoolException(
                Problem.SERVER,
                "PowerSchool at "
                    + credentials.server()
                    + (status == 429 ? " was too busy to answer " : " failed to answer ")
                    + what
                    + " ("
                    + status
                    + (status == 429 ? ")" : ": " + errorMessage(r.body()) + ")")
                    + " on "
                    + attempt
                    + (attempt == 1 ? " attempt" : " attempts"));
        sleep(status == 429 ? retryAfter(r).orElse(wait) : wait, what, last);
        continue;
      }
      throw refused(what, query, status, r, tokenRequest);
    }
    throw Objects.requireNonNull(last);
  }

  /** A final answer other than success: what it means for the district. */
  private IOException refused(
      String what, String query, int status, HttpResponse<String> r, boolean tokenRequest) {
    if (tokenRequest && (status == 400 || status == 401 || status == 403)) {
      return new PowerSchoolException(
          Problem.CREDENTIALS,
          "PowerSchool at "
              + credentials.server()
              + " refused the client id and secret ("
              + status
              + " at /oauth/access_token). Copy both again from PowerSchool: System > System"
              + " Settings > Plugin Management Dashboard > Pathways > Data Provider Configuration,"
              + " and check that the plugin is enabled.");
    }
    if (status == 401) {
      return new TokenRefused();
    }
    if (status / 100 == 3) {
      return new PowerSchoolException(
          Problem.ADDRESS,
          "The server address "
              + credentials.server()
              + " redirects to "
              + r.headers().firstValue("Location").orElse("another address")
              + ": save the PowerSchool server's own address");
    }
    if (query != null) {
      String field = deniedField(r.body());
      if (status == 403 || field != null) {
        return new PowerSchoolException(
            Problem.PERMISSION,
            "The Pathways plugin has no access to "
                + (field == null ? "a field" : "the field " + field)
                + " read by "
                + query
                + " ("
                + status
                + ": "
                + errorMessage(r.body())
                + "). Re-install the latest Pathways plugin and enable it, so that PowerSchool"
                + " grants it access to the fields it reads.");
      }
      if (status == 404) {
        return new PowerSchoolException(
            Problem.PLUGIN,
            "PowerSchool at "
                + credentials.server()
                + " does not know the query "
                + query
                + " (404): the Pathways plugin is not installed or not enabled. Install it from"
                + " the hub's plugin file and enable it: System > System Settings > Plugin"
                + " Management Dashboard.");
      }
    }
    if (status == 404) {
      return new PowerSchoolException(
          Problem.ADDRESS,
          credentials.server()
              + " does not answer like a PowerSchool server ("
              + status
              + " for "
              + what
              + "): check the address");
    }
    return new PowerSchoolException(
        Problem.RESPONSE,
        "PowerSchool at "
            + credentials.server()
            + " refused "
            + what
            + " ("
            + status
            + ": "
            + errorMessage(r.body())
            + ")");
  }

  /**
   * The field an error body names, if any: PowerSchool lists what it refused as {@code errors:
   * [{resource, field, code}]}.
   */
  static String deniedField(String body) {
    JsonNode errors = parse(body).path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        JsonNode field = e.path("field");
        if (field.isString() && !field.asString().isBlank()) {
          JsonNode resource = e.path("resource");
          return resource.isString() && !resource.asString().isBlank()
              ? resource.asString() + "." + field.asString()
              : field.asString();
        }
      }
    }
    return null;
  }

  private static String errorMessage(String body) {
    JsonNode message = parse(body).path("message");
    if (message.isString() && !message.asString().isBlank()) {
      return quote(message.asString());
    }
    return body == null || body.isBlank() ? "no message" : quote(body);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      return JSON.missingNode();
    }
  }

  private static String quote(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() <= QUOTE_CHARS ? one : one.substring(0, QUOTE_CHARS) + "...";
  }

  private static boolean unknownHost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private Duration backoff(int attempt) {
    Duration d = props.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(props.retryMax()) > 0 ? props.retryMax() : d;
  }

  /** The wait a 429 asks for, in seconds or as a date, capped by {@code retry-max}. */
  private java.util.Optional<Duration> retryAfter(HttpResponse<String> r) {
    return r.headers()
        .firstValue("Retry-After")
        .map(String::strip)
        .map(
            v -> {
              Duration d;
              try {
                d = Duration.ofSeconds(Long.parseLong(v));
              } catch (NumberFormatException e) {
                try {
                  d =
                      Duration.between(
                          clock.instant(),
                          java.time.ZonedDateTime.parse(
                                  v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                              .toInstant());
                } catch (DateTimeParseException e2) {
                  return null;
                }
              }
              if (d.isNegative()) {
                return Duration.ZERO;
              }
              return d.compareTo(props.retryMax()) > 0 ? props.retryMax() : d;
            });
  }

  private void sleep(Duration wait, String what, PowerSchoolException last) throws IOException {
    if (clock.instant().plus(wait).isAfter(deadline)) {
      // Waiting would pass the deadline: fail now, with the last error.
      checkDeadline(what, last, clock.instant().plus(wait));
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting to ask PowerSchool again for " + what, e);
    }
  }

  private void checkDeadline(String what, PowerSchoolException last) throws PowerSchoolException {
    checkDeadline(what, last, clock.instant());
  }

  private void checkDeadline(String what, PowerSchoolException last, Instant at)
      throws PowerSchoolException {
    if (at.isAfter(deadline)) {
      throw new PowerSchoolException(
          Problem.DEADLINE,
          "The pull from "
              + credentials.server()
              + " ran past its deadline of "
              + props.pullDeadline()
              + " before "
              + what
              + (last == null ? "" : "; the last error: " + last.getMessage()),
          last);
    }
  }

  private HttpRequest.Builder request(String path) throws IOException {
    String base = credentials.server().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    Duration left = Duration.between(clock.instant(), deadline);
    Duration timeout =
        left.compareTo(props.requestTimeout()) < 0 && !left.isNegative() && !left.isZero()
            ? left
            : props.requestTimeout();
    try {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout)
          .header("User-Agent", "Pathways-Hub");
    } catch (IllegalArgumentException e) {
      throw new PowerSchoolException(
          Problem.ADDRESS, "The server address " + credentials.server() + " is not valid", e);
    }
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private static int parseInt(JsonNode node, int otherwise) {
    if (!node.isValueNode()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(node.asString().strip());
    } catch (NumberFormatException | JacksonException e) {
      return otherwise;
    }
  }
}
