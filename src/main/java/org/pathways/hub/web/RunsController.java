package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Severity;
import org.pathways.hub.pipeline.HeldRuns;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.pipeline.RunStore.IssueFilter;
import org.pathways.hub.pipeline.RunStore.RunFilter;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.web.AuditedChange.Done;
import org.pathways.hub.web.AuditedChange.Subject;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A district's runs and each run's issues: filtered, paged, downloadable as CSV and XLSX; a held
 * run shows what releasing it would change and takes an engineer's decision with its reason.
 */
@Controller
class RunsController {

  static final int PAGE = 50;
  static final int ISSUE_PAGE = 100;

  /** The most rows a download of runs holds; the filters narrow it down. */
  static final int DOWNLOAD_ROWS = 10_000;

  private static final List<String> RUN_COLUMNS =
      List.of(
          "run",
          "received",
          "file",
          "data set",
          "part",
          "status",
          "outcome",
          "rows",
          "added",
          "updated",
          "unchanged",
          "deactivated or removed",
          "errors",
          "warnings");
  private static final List<String> ISSUE_COLUMNS =
      List.of("severity", "code", "line", "column", "value", "what to do");

  private final DistrictGate gate;
  private final RunStore runs;
  private final HeldRuns held;
  private final AuditedChange changes;
  private final CentralTime time = new CentralTime();

  RunsController(DistrictGate gate, RunStore runs, HeldRuns held, AuditedChange changes) {
    this.gate = gate;
    this.runs = runs;
    this.held = held;
    this.changes = changes;
  }

  /** The filter form's values as given, kept to fill the form again and build links. */
  public record RunQuery(String status, String dataset, String from, String to, String q) {

    public RunFilter filter() {
      return new RunFilter(
          status == null || status.isBlank() ? null : parse(RunStatus.class, status),
          dataset == null || dataset.isBlank() ? null : dataset,
          day(from) == null ? null : day(from).atStartOfDay(CentralTime.ZONE).toInstant(),
          day(to) == null ? null : day(to).plusDays(1).atStartOfDay(CentralTime.ZONE).toInstant(),
          q);
    }

    public String params() {
      return new QueryString()
          .add("status", status)
          .add("dataset", dataset)
          .add("from", from)
          .add("to", to)
          .add("q", q)
          .toString();
    }
  }

  @GetMapping("/districts/{code}/runs")
  String list(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      RunQuery query,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    District d = gate.require(viewer, code);
    RunFilter filter = query.filter();
    long total = runs.count(code, filter);
    int p = Math.max(1, page);
    model.addAttribute("district", d);
    model.addAttribute("query", query);
    model.addAttribute("runs", runs.search(code, filter, PAGE, (long) (p - 1) * PAGE));
    model.addAttribute("total", total);
    model.addAttribute("page", p);
    model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
    model.addAttribute("statuses", RunStatus.values());
    model.addAttribute("dataSets", Arrays.stream(DataSet.values()).map(DataSet::id).toList());
    return "runs";
  }

  @GetMapping({"/districts/{code}/runs.csv", "/districts/{code}/runs.xlsx"})
  void download(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      RunQuery query,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    gate.require(viewer, code);
    List<RunSummary> found = runs.search(code, query.filter(), DOWNLOAD_ROWS, 0);
    TableDownload.send(
        response,
        format(request),
        code + "-runs",
        "Runs",
        RUN_COLUMNS,
        rows -> {
          for (RunSummary r : found) {
            rows.add(
                Arrays.asList(
                    r.runId(),
                    time.at(r.receivedAt()),
                    r.file(),
                    r.dataSet(),
                    r.part(),
                    r.status().name(),
                    r.message(),
                    r.rowsRead(),
                    r.added(),
                    r.updated(),
                    r.unchanged(),
                    r.deactivated(),
                    r.errors(),
                    r.warnings()));
          }
        });
  }

  /** The issue filter form's values as given. */
  public record IssueQuery(String severity, String code, String q) {

    public IssueFilter filter() {
      return new IssueFilter(
          severity == null || severity.isBlank() ? null : parse(Severity.class, severity),
          code == null || code.isBlank() ? null : parse(IssueCode.class, code),
          q);
    }

    public String params() {
      return new QueryString().add("severity", severity).add("code", code).add("q", q).toString();
    }
  }

  @GetMapping("/runs/{id}")
  String run(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable long id,
      IssueQuery query,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    RunSummary r = runs.summary(id, 0).orElseThrow(DistrictGate::notFound);
    District d = gate.require(viewer, r.district());
    IssueFilter filter = query.filter();
    long total = runs.countIssues(id, filter);
    int p = Math.max(1, page);
    model.addAttribute("district", d);
    model.addAttribute("run", r);
    model.addAttribute("facts", runs.facts(id).orElseThrow());
    model.addAttribute("counts", runs.issueCounts(id));
    model.addAttribute("query", query);
    model.addAttribute("issues", runs.issues(id, filter, ISSUE_PAGE, (long) (p - 1) * ISSUE_PAGE));
    model.addAttribute("total", total);
    model.addAttribute("page", p);
    model.addAttribute("pages", Math.max(1, (total + ISSUE_PAGE - 1) / ISSUE_PAGE));
    // Removed first: that is what made the run held.
    java.util.Map<String, List<org.pathways.hub.pipeline.RunExample>> examples =
        new java.util.LinkedHashMap<>();
    List<org.pathways.hub.pipeline.RunExample> all = runs.examples(id);
    for (String kind : List.of("REMOVED", "ADDED", "UPDATED")) {
      List<org.pathways.hub.pipeline.RunExample> of =
          all.stream().filter(e -> e.kind().equals(kind)).toList();
      if (!of.isEmpty()) {
        examples.put(kind, of);
      }
    }
    model.addAttribute("examples", examples);
    model.addAttribute("severities", Severity.values());
    return "run";
  }

  @GetMapping({"/runs/{id}/issues.csv", "/runs/{id}/issues.xlsx"})
  void issues(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable long id,
      IssueQuery query,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    RunSummary r = runs.summary(id, 0).orElseThrow(DistrictGate::notFound);
    gate.require(viewer, r.district());
    IssueFilter filter = query.filter();
    TableDownload.send(
        response,
        format(request),
        r.district() + "-run-" + id + "-issues",
        "Issues",
        ISSUE_COLUMNS,
        rows -> {
          // Pages of the kept issues, so a large run is read in steps.
          long offset = 0;
          List<Issue> batch;
          do {
            batch = runs.issues(id, filter, 1000, offset);
            for (Issue i : batch) {
              rows.add(
                  Arrays.asList(
                      i.severity().name(),
                      i.code().name(),
                      i.line() == 0 ? "file" : i.line(),
                      i.column(),
                      i.value(),
                      i.message()));
            }
            offset += batch.size();
          } while (batch.size() == 1000);
        });
  }

  @PostMapping("/runs/{id}/release")
  String release(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request,
      RedirectAttributes flash) {
    return decide(viewer, id, reason, true, request, flash);
  }

  @PostMapping("/runs/{id}/discard")
  String discard(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request,
      RedirectAttributes flash) {
    return decide(viewer, id, reason, false, request, flash);
  }

  private String decide(
      Viewer viewer,
      long id,
      String reason,
      boolean release,
      HttpServletRequest request,
      RedirectAttributes flash) {
    RunSummary r = runs.summary(id, 0).orElseThrow(DistrictGate::notFound);
    gate.requireStaff(viewer, r.district());
    changes.apply(
        viewer,
        release ? "run.release" : "run.discard",
        new Subject(r.district(), "run " + id),
        request,
        flash,
        () -> {
          RunSummary after =
              release
                  ? held.release(id, viewer.email(), reason.strip())
                  : held.discard(id, viewer.email(), reason.strip());
          return new Done(
              (release ? "Released: " : "Discarded: ")
                  + after.message()
                  + ". The reason is kept with the run.",
              reason.strip());
        });
    return "redirect:/runs/" + id;
  }

  private static TableDownload.Format format(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return TableDownload.Format.of(uri.substring(uri.lastIndexOf('.') + 1));
  }

  private static LocalDate day(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null; // a date the form could not have sent filters nothing
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
