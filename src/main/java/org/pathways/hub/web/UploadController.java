package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.receive.Intake;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriUtils;

/**
 * Manual upload in the browser, for districts whose SIS cannot send files (Harmony) and anyone in a
 * pinch. The page's script sends each file as the raw request body, so it streams into the vault
 * whatever its size and the browser can show its progress; without the script, the form posts the
 * files as multipart (held in memory, 16 MB). Either way the files go through the same intake as
 * SFTP and API uploads, and the page shows each run's outcome when it is processed.
 */
@Controller
class UploadController {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ ()-]{0,199}");

  private final DistrictGate gate;
  private final Intake intake;
  private final RunStore runs;
  private final CentralTime time = new CentralTime();

  UploadController(DistrictGate gate, Intake intake, RunStore runs) {
    this.gate = gate;
    this.intake = intake;
    this.runs = runs;
  }

  @GetMapping("/districts/{code}/upload")
  String page(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(required = false) String runs,
      Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute(
        "sent",
        ids(runs).stream()
            .map(id -> this.runs.summary(id, 0).filter(r -> r.district().equals(code)))
            .flatMap(java.util.Optional::stream)
            .toList());
    return "upload";
  }

  /** One file as the raw body, named by the {@code X-File-Name} header (URL-encoded). */
  @PostMapping(
      path = "/districts/{code}/upload",
      consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  @ResponseBody
  ResponseEntity<Map<String, Object>> raw(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestHeader(value = "X-File-Name", required = false) String encodedName,
      HttpServletRequest request)
      throws IOException {
    gate.require(viewer, code);
    String name =
        encodedName == null ? null : baseName(UriUtils.decode(encodedName, StandardCharsets.UTF_8));
    if (name == null || !NAME.matcher(name).matches()) {
      return ResponseEntity.badRequest()
          .body(
              Map.of(
                  "error",
                  "The file needs a name of letters, digits, dots, dashes, underscores, spaces or"
                      + " brackets, such as students.txt; rename it and send it again."));
    }
    List<Long> ids;
    try (InputStream in = request.getInputStream()) {
      ids = intake.accept(code, name, in, sender(viewer, request));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", name);
    out.put("runs", ids);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
  }

  /** The form without its script: files as multipart, then the page with their runs. */
  @PostMapping(path = "/districts/{code}/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  String form(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestPart(name = "files", required = false) List<MultipartFile> files,
      HttpServletRequest request,
      org.springframework.web.servlet.mvc.support.RedirectAttributes flash)
      throws IOException {
    gate.require(viewer, code);
    List<Long> ids = new ArrayList<>();
    for (MultipartFile f : files == null ? List.<MultipartFile>of() : files) {
      String name = baseName(Objects.requireNonNullElse(f.getOriginalFilename(), ""));
      if (f.isEmpty() && name.isEmpty()) {
        continue; // the browser sends an empty part when no file was chosen
      }
      if (!NAME.matcher(name).matches()) {
        flash.addFlashAttribute(
            "error", "'" + name + "' needs a plainer name, such as students.txt");
        continue;
      }
      try (InputStream in = f.getInputStream()) {
        ids.addAll(intake.accept(code, name, in, sender(viewer, request)));
      }
    }
    if (ids.isEmpty() && !flash.getFlashAttributes().containsKey("error")) {
      flash.addFlashAttribute("error", "Choose one or more files to send.");
    }
    String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    return "redirect:/districts/" + code + "/upload" + (list.isEmpty() ? "" : "?runs=" + list);
  }

  /** Where the runs of the files just sent stand, for the page to show as they finish. */
  @GetMapping("/districts/{code}/upload/runs")
  @ResponseBody
  List<Map<String, Object>> status(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(required = false) String ids) {
    gate.require(viewer, code);
    List<Map<String, Object>> out = new ArrayList<>();
    for (long id : ids(ids)) {
      // Another district's run is left out as if it did not exist.
      runs.summary(id, 0)
          .filter(r -> r.district().equals(code))
          .map(this::json)
          .ifPresent(out::add);
    }
    return out;
  }

  private Map<String, Object> json(RunSummary r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", r.runId());
    m.put("href", "/runs/" + r.runId());
    m.put("file", r.file());
    m.put("dataSet", r.dataSet());
    m.put("status", r.status().name());
    m.put("done", r.status() != org.pathways.hub.pipeline.RunStatus.RECEIVED);
    m.put("message", r.message());
    m.put("received", time.at(r.receivedAt()));
    m.put("errors", r.errors());
    m.put("warnings", r.warnings());
    return m;
  }

  private static Intake.Sender sender(Viewer viewer, HttpServletRequest request) {
    return new Intake.Sender("portal", viewer.email(), request.getRemoteAddr());
  }

  /** Some browsers send a whole local path; only its last part names the file. */
  private static String baseName(String name) {
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
  }

  private static List<Long> ids(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> s.matches("\\d{1,18}"))
        .map(Long::valueOf)
        .limit(100)
        .toList();
  }
}
