package org.pathways.hub.receive.pull.oneroster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A OneRoster REST service on a real HTTP port, speaking the protocol as a SIS does: an OAuth 2
 * client-credentials token endpoint (Basic authentication), bearer tokens that expire, collections
 * paged by {@code limit} and {@code offset} with {@code X-Total-Count}, 401 for a token that is no
 * longer good, 429 when asked to be busy, 403 for a collection outside the client's scope.
 */
public final class OneRosterTestServer implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final TestRoster roster;
  private final OneRoster.Version version;
  private final String clientId;
  private final String secret;
  private final Map<String, Integer> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger collectionRequests = new AtomicInteger();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private final Set<String> busyOnce = ConcurrentHashMap.newKeySet();
  private volatile int tokenLifetimeRequests = Integer.MAX_VALUE;

  public OneRosterTestServer(
      TestRoster roster, OneRoster.Version version, String clientId, String secret)
      throws IOException {
    this.roster = roster;
    this.version = version;
    this.clientId = clientId;
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/oauth/token", this::token);
    server.createContext(version.path() + "/", this::collection);
    server.start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI tokenUrl() {
    return base().resolve("/oauth/token");
  }

  /** A token is refused once this many collection requests were made with it. */
  OneRosterTestServer tokensLast(int requests) {
    tokenLifetimeRequests = requests;
    return this;
  }

  /** The collection is outside the client's scope: 403. */
  public OneRosterTestServer forbid(String collection) {
    forbidden.add(collection);
    return this;
  }

  /** The first request for the collection at {@code offset} gets a 429. */
  OneRosterTestServer busyOnce(String collection, int offset) {
    busyOnce.add(collection + "@" + offset);
    return this;
  }

  public int tokensIssued() {
    return issued.get();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  private void token(HttpExchange x) throws IOException {
    try (x) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = form(body);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (!"POST".equals(x.getRequestMethod())
          || !"client_credentials".equals(form.get("grant_type"))) {
        send(x, 400, Map.of("error", "unsupported_grant_type"), Map.of());
        return;
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(auth)) {
        send(x, 401, Map.of("error", "invalid_client"), Map.of());
        return;
      }
      String token = "tok-" + issued.incrementAndGet();
      tokens.put(token, 0);
      send(
          x,
          200,
          Map.of(
              "access_token",
              token,
              "token_type",
              "bearer",
              "expires_in",
              3600,
              "scope",
              form.getOrDefault("scope", "")),
          Map.of());
    }
  }

  private void collection(HttpExchange x) throws IOException {
    try (x) {
      String name = x.getRequestURI().getPath().substring(version.path().length() + 1);
      Map<String, String> query = form(x.getRequestURI().getRawQuery());
      int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
      int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
      requests.add(name + "@" + offset);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      Integer used = tokens.get(token);
      if (used == null || used >= tokenLifetimeRequests) {
        tokens.remove(token);
        send(
            x,
            401,
            Map.of("imsx_codeMajor", "failure", "imsx_description", "token expired"),
            Map.of());
        return;
      }
      tokens.put(token, used + 1);
      collectionRequests.incrementAndGet();
      if (forbidden.contains(name)) {
        send(
            x,
            403,
            Map.of("imsx_codeMajor", "failure", "imsx_description", "insufficient scope"),
            Map.of());
        return;
      }
      if (busyOnce.remove(name + "@" + offset)) {
        send(x, 429, Map.of("imsx_codeMajor", "failure"), Map.of("Retry-After", "1"));
        return;
      }
      List<Map<String, Object>> all;
      try {
        all = roster.json(version, name);
      } catch (IllegalArgumentException e) {
        send(x, 404, Map.of("imsx_codeMajor", "failure"), Map.of());
        return;
      }
      List<Map<String, Object>> page =
          all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
      String key = name.equals("students") || name.equals("teachers") ? "users" : name;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(key, page);
      Map<String, String> headers = new HashMap<>();
      headers.put("X-Total-Count", Integer.toString(all.size()));
      if (offset + limit < all.size()) {
        headers.put(
            "Link",
            "<"
                + base()
                + version.path()
                + "/"
                + name
                + "?limit="
                + limit
                + "&offset="
                + (offset + limit)
                + ">; rel=\"next\"");
      }
      send(x, 200, body, headers);
    }
  }

  private static void send(HttpExchange x, int status, Object body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String s) {
    Map<String, String> out = new HashMap<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    for (String pair : s.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
