package org.pathways.hub.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PowerSchool server for tests, speaking the documented API on a loopback port: the OAuth token
 * endpoint (client credentials, tokens that expire), {@code /ws/v1/metadata} with a page size, and
 * PowerQuery count and page endpoints serving the records of comma-separated files. Faults are
 * switched on by the test: a token refused in the middle of paging, a 429 with Retry-After, a 500
 * on a chosen page, an unknown query (plugin not enabled) and a field the plugin may not read.
 */
public final class PowerSchoolServer implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A query's records, as the plugin's PowerQuery returns them. */
  private record Query(List<String> columns, List<List<String>> rows) {}

  private final HttpServer http;
  private final String clientId;
  private final String clientSecret;
  private final int maxPageSize;
  private final Map<String, Query> queries = new ConcurrentHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final Map<String, AtomicInteger> pageRequests = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Integer> throttles = new ConcurrentHashMap<>();
  private final Set<String> expireAt = ConcurrentHashMap.newKeySet();
  private final Map<String, String> deniedFields = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private volatile boolean tablePrefixed;

  public PowerSchoolServer(String clientId, String clientSecret, int maxPageSize)
      throws IOException {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.maxPageSize = maxPageSize;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  /** The server's address, as a district saves it. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /**
   * Serves every comma-separated file of a folder as the query named after it: {@code
   * com.pathways.hub.students.csv} is the query {@code com.pathways.hub.students}.
   */
  public void serveFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        String name = f.getFileName().toString();
        serve(name.substring(0, name.length() - ".csv".length()), f);
      }
    }
  }

  /** Serves one comma-separated file (with a header) as a query's records. */
  public void serve(String query, Path csv) throws IOException {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      DelimitedReader reader = new DelimitedReader(in, ',', 1 << 20);
      RawRecord header = reader.next();
      List<List<String>> rows = new ArrayList<>();
      for (RawRecord r = reader.next(); r != null; r = reader.next()) {
        rows.add(List.copyOf(r.fields()));
      }
      queries.put(query, new Query(List.copyOf(header.fields()), rows));
    }
  }

  /** The rows a query serves. */
  public int rows(String query) {
    return queries.get(query).rows().size();
  }

  /** The queries served, by name. */
  public Set<String> queries() {
    return Set.copyOf(queries.keySet());
  }

  /** Takes a query away, as when the plugin is not enabled: it answers 404. */
  public void remove(String query) {
    queries.remove(query);
  }

  /** Names record fields after their table, as some PowerSchool versions do. */
  public void prefixFieldsWithTable(boolean on) {
    tablePrefixed = on;
  }

  /** Every token issued so far stops working now. */
  public void expireTokensNow() {
    tokens.clear();
  }

  /** The tokens expire when the given page of a query is asked for, once. */
  public void expireTokensAt(String query, int page) {
    expireAt.add(query + "#" + page);
  }

  /** Answers the page of a query with a 500 this many times before serving it. */
  public void failPage(String query, int page, int times) {
    failures.put(query + "#" + page, times);
  }

  /** Answers the page of a query with a 429 and Retry-After once. */
  public void throttlePage(String query, int page, int retryAfterSeconds) {
    throttles.put(query + "#" + page, retryAfterSeconds);
  }

  /** The plugin may not read this field of the query: the query answers a permission error. */
  public void denyField(String query, String field) {
    deniedFields.put(query, field);
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** How many times a page of a query was asked for. */
  public int pageRequests(String query, int page) {
    AtomicInteger n = pageRequests.get(query + "#" + page);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (path.equals("/oauth/access_token") || path.equals("/oauth/access_token/")) {
        token(x, new String(body, StandardCharsets.UTF_8));
        return;
      }
      if (!authorized(x)) {
        send(x, 401, Map.of("message", "Invalid access token"));
        return;
      }
      if (path.equals("/ws/v1/metadata") && x.getRequestMethod().equals("GET")) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("powerschool_version", "25.4.0.0");
        m.put("schema_table_query_max_page_size", maxPageSize);
        m.put("student_max_page_size", 100);
        send(x, 200, Map.of("metadata", m));
        return;
      }
      if (path.startsWith("/ws/schema/query/") && x.getRequestMethod().equals("POST")) {
        query(x, path.substring("/ws/schema/query/".length()));
        return;
      }
      send(x, 404, Map.of("message", "Not found"));
    }
  }

  private void token(HttpExchange x, String body) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (!x.getRequestMethod().equals("POST")
        || type == null
        || !type.startsWith("application/x-www-form-urlencoded")
        || !body.strip().equals("grant_type=client_credentials")) {
      send(x, 400, Map.of("error", "invalid_request"));
      return;
    }
    if (!expected.equals(auth)) {
      send(x, 401, Map.of("error", "invalid_client"));
      return;
    }
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    tokens.add(token);
    tokensIssued.incrementAndGet();
    // PowerSchool gives the lifetime as a string of seconds.
    send(x, 200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", "2504956"));
  }

  private boolean authorized(HttpExchange x) {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    return auth != null
        && auth.startsWith("Bearer ")
        && tokens.contains(auth.substring("Bearer ".length()));
  }

  private void query(HttpExchange x, String rest) throws IOException {
    boolean count = rest.endsWith("/count");
    String name = count ? rest.substring(0, rest.length() - "/count".length()) : rest;
    Query q = queries.get(name);
    if (q == null) {
      send(x, 404, Map.of("message", "Named query " + name + " not found. Is the plugin enabled?"));
      return;
    }
    String denied = deniedFields.get(name);
    if (denied != null) {
      String table = name.substring(name.lastIndexOf('.') + 1);
      send(
          x,
          403,
          Map.of(
              "message",
              "Validation Failed",
              "errors",
              List.of(Map.of("resource", table, "field", denied, "code", "missing_field"))));
      return;
    }
    if (count) {
      send(x, 200, Map.of("count", q.rows().size()));
      return;
    }
    Map<String, String> params = params(x.getRequestURI().getRawQuery());
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    int size = Integer.parseInt(params.getOrDefault("pagesize", String.valueOf(maxPageSize)));
    if (size > maxPageSize) {
      send(x, 400, Map.of("message", "pagesize above " + maxPageSize));
      return;
    }
    String key = name + "#" + page;
    pageRequests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (expireAt.remove(key)) {
      tokens.clear();
      send(x, 401, Map.of("message", "Access token expired"));
      return;
    }
    Integer wait = throttles.remove(key);
    if (wait != null) {
      x.getResponseHeaders().add("Retry-After", String.valueOf(wait));
      send(x, 429, Map.of("message", "Too many requests"));
      return;
    }
    Integer left = failures.get(key);
    if (left != null && left > 0) {
      failures.put(key, left - 1);
      send(x, 500, Map.of("message", "Internal error while running the query"));
      return;
    }
    String table = name.substring(name.lastIndexOf('.') + 1);
    List<Map<String, String>> records = new ArrayList<>();
    int from = (page - 1) * size;
    for (int i = from; i < Math.min(from + size, q.rows().size()); i++) {
      List<String> row = q.rows().get(i);
      Map<String, String> r = new LinkedHashMap<>();
      for (int c = 0; c < q.columns().size(); c++) {
        String column = q.columns().get(c).toLowerCase(Locale.ROOT);
        String value = c < row.size() ? row.get(c) : "";
        // PowerSchool leaves out a field whose value is empty.
        if (!value.isEmpty()) {
          r.put(tablePrefixed ? table + "." + column : column, value);
        }
      }
      records.add(r);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", name);
    answer.put("record", records);
    answer.put("@extensions", "");
    send(x, 200, answer);
  }

  private static Map<String, String> params(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
