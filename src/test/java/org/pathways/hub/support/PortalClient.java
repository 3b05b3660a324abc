package org.pathways.hub.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session with the portal over plain HTTP: cookies kept, redirects not followed (so a
 * test sees them), and the CSRF token taken from the last page as a form would.
 */
public final class PortalClient {

  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

  private final String base;
  private final HttpClient http;
  private String csrf;

  public PortalClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Signs in through the form; true when the portal let the person in. */
  public boolean signIn(String email, String password) throws IOException, InterruptedException {
    get("/sign-in");
    HttpResponse<String> r = post("/sign-in", Map.of("email", email, "password", password));
    boolean in =
        r.statusCode() == 302 && !r.headers().firstValue("Location").orElse("").contains("error");
    if (in) {
      // Picks up the session's new CSRF token from the start page's sign-out form (a contact's
      // start page is a redirect to their district).
      HttpResponse<String> home = get("/");
      if (home.statusCode() == 302) {
        get(URI.create(home.headers().firstValue("Location").orElseThrow()).getPath());
      }
    }
    return in;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1) != null ? m.group(1) : m.group(2);
    }
    return r;
  }

  public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Posts a form with the session's CSRF token. */
  public HttpResponse<String> post(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    Map<String, String> fields = new LinkedHashMap<>(form);
    if (csrf != null) {
      fields.put("_csrf", csrf);
    }
    return postRaw(path, fields);
  }

  /** Posts a form whose fields may repeat, as checkboxes of one name do, with the CSRF token. */
  public HttpResponse<String> postFields(String path, List<Map.Entry<String, String>> fields)
      throws IOException, InterruptedException {
    List<Map.Entry<String, String>> all = new ArrayList<>(fields);
    if (csrf != null) {
      all.add(Map.entry("_csrf", csrf));
    }
    String body =
        all.stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a form exactly as given: no CSRF token unless the caller puts one in. */
  public HttpResponse<String> postRaw(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a file as the raw body, as the portal's upload page does, with the CSRF header. */
  public HttpResponse<String> upload(String path, String fileName, byte[] content)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/octet-stream")
            .header("X-File-Name", URLEncoder.encode(fileName, StandardCharsets.UTF_8))
            .POST(HttpRequest.BodyPublishers.ofByteArray(content));
    if (csrf != null) {
      b.header("X-CSRF-TOKEN", csrf);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public String csrf() {
    return csrf;
  }
}
