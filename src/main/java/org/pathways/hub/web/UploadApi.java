package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.receive.ApiKey;
import org.pathways.hub.receive.ApiKeys;
import org.pathways.hub.receive.Intake;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The upload API for SIS jobs and scripts that push files: the same intake as SFTP, authenticated
 * by the district's API key. A key opens its own district only; any other district is answered as
 * if it did not exist.
 */
@RestController
@RequestMapping("/api/v1/districts/{code}")
class UploadApi {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,199}");

  private final ApiKeys keys;
  private final Intake intake;
  private final RunStore runs;
  private final AuditLog audit;

  UploadApi(ApiKeys keys, Intake intake, RunStore runs, AuditLog audit) {
    this.keys = keys;
    this.intake = intake;
    this.runs = runs;
    this.audit = audit;
  }

  /** A file as a multipart form field named {@code file}. */
  @PostMapping(path = "/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Map<String, Object>> multipart(
      @PathVariable String code,
      @RequestPart("file") MultipartFile file,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = "X-Api-Key", required = false) String apiKey,
      HttpServletRequest request)
      throws IOException {
    String original = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
    // Some clients send a whole local path; only its last part names the file.
    String name =
        original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
    try (InputStream in = file.getInputStream()) {
      return receive(code, name, in, authorization, apiKey, request);
    }
  }

  /** A file as the raw request body, named by {@code ?name=} or the {@code X-File-Name} header. */
  @PostMapping(path = "/files")
  ResponseEntity<Map<String, Object>> raw(
      @PathVariable String code,
      @RequestHeader(value = "X-File-Name", required = false) String headerName,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = "X-Api-Key", required = false) String apiKey,
      HttpServletRequest request)
      throws IOException {
    // Read from the query string itself: asking the request for a parameter would make the
    // container parse a form-encoded body (curl --data-binary's default type) and use it up.
    String name =
        UriComponentsBuilder.newInstance()
            .query(request.getQueryString())
            .build()
            .getQueryParams()
            .getFirst("name");
    if (name != null) {
      name = UriUtils.decode(name, StandardCharsets.UTF_8);
    }
    try (InputStream in = request.getInputStream()) {
      return receive(code, name != null ? name : headerName, in, authorization, apiKey, request);
    }
  }

  /** A run's outcome, for a script that waits for it. */
  @GetMapping("/runs/{id}")
  ResponseEntity<?> run(
      @PathVariable String code,
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = "X-Api-Key", required = false) String apiKey,
      HttpServletRequest request) {
    Optional<ApiKey> key = authenticate(authorization, apiKey, request);
    if (key.isEmpty()) {
      return unauthorized();
    }
    if (!key.get().district().equals(code)) {
      return notFound();
    }
    Optional<RunSummary> run = runs.summary(id, 100).filter(r -> r.district().equals(code));
    return run.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(UploadApi::notFound);
  }

  private ResponseEntity<Map<String, Object>> receive(
      String code,
      String name,
      InputStream body,
      String authorization,
      String apiKey,
      HttpServletRequest request)
      throws IOException {
    Optional<ApiKey> key = authenticate(authorization, apiKey, request);
    if (key.isEmpty()) {
      return unauthorized();
    }
    if (!key.get().district().equals(code)) {
      audit.record(
          "key:" + key.get().prefix(),
          "api.upload",
          key.get().district(),
          code,
          request.getRemoteAddr(),
          "denied",
          "key of another district");
      return notFound();
    }
    if (name == null || !NAME.matcher(name).matches()) {
      return error(
          HttpStatus.BAD_REQUEST,
          "Name the file: a multipart field 'file' with its file name, or ?name=students.txt with"
              + " the file as the body. Letters, digits, dots, dashes, underscores and spaces.");
    }
    List<Long> ids =
        intake.accept(
            code,
            name,
            body,
            new Intake.Sender("api", "key:" + key.get().prefix(), request.getRemoteAddr()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("district", code);
    out.put("file", name);
    out.put("status", "RECEIVED");
    out.put("runs", ids);
    out.put("poll", ids.stream().map(id -> "/api/v1/districts/" + code + "/runs/" + id).toList());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
  }

  private Optional<ApiKey> authenticate(
      String authorization, String apiKey, HttpServletRequest request) {
    String presented = apiKey;
    if (presented == null && authorization != null && authorization.startsWith("Bearer ")) {
      presented = authorization.substring("Bearer ".length()).trim();
    }
    Optional<ApiKey> key = keys.authenticate(presented);
    if (key.isEmpty()) {
      audit.record(
          "unknown",
          "api.auth",
          null,
          request.getRequestURI(),
          request.getRemoteAddr(),
          "denied",
          presented == null ? "no key" : "unknown or revoked key");
    }
    return key;
  }

  private static ResponseEntity<Map<String, Object>> unauthorized() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(
            Map.of(
                "error",
                "A district API key is required: Authorization: Bearer phk_... (api-key"
                    + " add --district CODE creates one)."));
  }

  private static ResponseEntity<Map<String, Object>> notFound() {
    return error(HttpStatus.NOT_FOUND, "Not found");
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
