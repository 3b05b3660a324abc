package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.Comparison;
import org.pathways.hub.onboarding.InputProblem;
import org.pathways.hub.onboarding.Line;
import org.pathways.hub.onboarding.Verdict;
import org.pathways.hub.onboarding.Worksheet;
import org.pathways.hub.onboarding.WorksheetException;
import org.pathways.hub.onboarding.WorksheetInput;
import org.pathways.hub.onboarding.WorksheetXlsx;
import org.pathways.hub.onboarding.Worksheets;
import org.pathways.hub.serve.GraduationReadiness;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Data Validation Worksheet page: the district contact (or an engineer) fills it in, by form or
 * spreadsheet; everyone who may see the district sees the comparison; only staff waive lines and
 * approve the district for training (a contact asking gets the 404 of {@link DistrictGate}).
 */
@Controller
@RequestMapping("/districts/{code}/worksheet")
class WorksheetController {

  static final MediaType XLSX =
      MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  /** Empty campus and grade rows under the saved ones; the page's script adds more on demand. */
  private static final int BLANK_ROWS = 5;

  private final DistrictGate gate;
  private final Worksheets worksheets;
  private final GraduationReadiness readiness;

  WorksheetController(DistrictGate gate, Worksheets worksheets, GraduationReadiness readiness) {
    this.gate = gate;
    this.worksheets = worksheets;
    this.readiness = readiness;
  }

  /** The form's values as typed, so a refused form comes back as the person left it. */
  record Form(
      String gpaType,
      String teachers,
      String courses,
      List<WorksheetInput.RawEnrollment> enrollment,
      List<WorksheetInput.RawStudent> students) {}

  /** The comparison lines of one part of the worksheet. */
  record Group(String title, List<Line> lines) {}

  @GetMapping
  String page(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    show(model, d, formOf(worksheets.load(code)), List.of());
    return "worksheet";
  }

  @PostMapping
  String save(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam MultiValueMap<String, String> params,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes flash) {
    District d = gate.require(viewer, code);
    WorksheetInput.Raw raw = rawOf(params);
    WorksheetInput.Parsed parsed = WorksheetInput.parse(raw, WorksheetInput.Layout.FORM);
    if (!parsed.ok()) {
      worksheets.refused(
          code,
          "worksheet.save",
          parsed.problems().size(),
          viewer.email(),
          request.getRemoteAddr());
      // Shown again as typed, with every problem, rather than redirected: the values are not
      // saved anywhere else.
      response.setStatus(422);
      show(model, d, formOf(raw), parsed.problems());
      return "worksheet";
    }
    Worksheets.Saved saved =
        worksheets.save(code, parsed.worksheet(), viewer.email(), request.getRemoteAddr());
    flash.addFlashAttribute("message", savedMessage(saved, "Worksheet saved."));
    return "redirect:/districts/" + code + "/worksheet";
  }

  @GetMapping("/template.xlsx")
  ResponseEntity<byte[]> template(
      @AuthenticationPrincipal Viewer viewer, @PathVariable String code) {
    District d = gate.require(viewer, code);
    byte[] body = WorksheetXlsx.template(d.name(), worksheets.load(code));
    return ResponseEntity.ok()
        .contentType(XLSX)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("worksheet-" + code + ".xlsx")
                .build()
                .toString())
        .body(body);
  }

  @PostMapping("/upload")
  String upload(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(value = "file", required = false) MultipartFile file,
      HttpServletRequest request,
      RedirectAttributes flash)
      throws IOException {
    gate.require(viewer, code);
    String back = "redirect:/districts/" + code + "/worksheet#upload";
    if (file == null || file.isEmpty()) {
      flash.addFlashAttribute(
          "uploadProblems", List.of("Choose the filled-in worksheet (.xlsx) to upload."));
      return back;
    }
    List<InputProblem> problems;
    WorksheetInput.Parsed parsed = null;
    try (InputStream in = file.getInputStream()) {
      WorksheetXlsx.Read read = WorksheetXlsx.read(in);
      problems = read.problems();
      if (problems.isEmpty()) {
        parsed = WorksheetInput.parse(read.raw(), WorksheetInput.Layout.XLSX);
        problems = parsed.problems();
      }
    }
    if (!problems.isEmpty()) {
      worksheets.refused(
          code, "worksheet.upload", problems.size(), viewer.email(), request.getRemoteAddr());
      flash.addFlashAttribute(
          "uploadProblems", problems.stream().map(InputProblem::describe).toList());
      return back;
    }
    Worksheets.Saved saved =
        worksheets.save(code, parsed.worksheet(), viewer.email(), request.getRemoteAddr());
    flash.addFlashAttribute(
        "message", savedMessage(saved, "Worksheet read from the spreadsheet and saved."));
    return "redirect:/districts/" + code + "/worksheet";
  }

  @PostMapping("/waive")
  String waive(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(value = "line", required = false) String line,
      @RequestParam(value = "reason", required = false) String reason,
      HttpServletRequest request,
      RedirectAttributes flash) {
    gate.requireStaff(viewer, code);
    try {
      worksheets.waive(
          code, line == null ? "" : line, reason, viewer.email(), request.getRemoteAddr());
      flash.addFlashAttribute("message", "Line waived; the reason is recorded.");
    } catch (WorksheetException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/districts/" + code + "/worksheet";
  }

  @PostMapping("/approve")
  String approve(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(value = "note", required = false) String note,
      HttpServletRequest request,
      RedirectAttributes flash) {
    gate.requireStaff(viewer, code);
    try {
      worksheets.approve(code, note, viewer.email(), request.getRemoteAddr());
      flash.addFlashAttribute("message", "The district is approved for training.");
    } catch (WorksheetException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/districts/" + code + "/worksheet";
  }

  private void show(Model model, District d, Form form, List<InputProblem> problems) {
    Comparison comparison = worksheets.compare(d.code());
    Map<Line.Section, List<Line>> bySection = new LinkedHashMap<>();
    for (Line.Section s : Line.Section.values()) {
      bySection.put(s, new ArrayList<>());
    }
    comparison.lines().forEach(l -> bySection.get(l.section()).add(l));
    List<Group> groups = new ArrayList<>();
    bySection.forEach(
        (s, lines) -> {
          if (!lines.isEmpty()) {
            groups.add(new Group(s.title(), lines));
          }
        });
    model.addAttribute("district", d);
    model.addAttribute("form", form);
    model.addAttribute("problems", problems.stream().map(InputProblem::describe).toList());
    model.addAttribute("comparison", comparison);
    model.addAttribute("groups", groups);
    model.addAttribute("matching", comparison.count(Verdict.MATCH));
    model.addAttribute("waived", comparison.count(Verdict.WAIVED));
    model.addAttribute("status", worksheets.status(d.code()));
    // Counted beside the comparison so the engineer sees them before approving; they are not
    // worksheet lines, so they neither need a waiver nor block the approval.
    model.addAttribute("readiness", readiness.of(d));
  }

  private static String savedMessage(Worksheets.Saved saved, String done) {
    if (!saved.changed()) {
      return "Nothing changed: the worksheet is as it was.";
    }
    StringBuilder s = new StringBuilder(done);
    if (saved.approvalWithdrawn()) {
      s.append(
          " The approval for training was withdrawn because the worksheet changed; an engineer"
              + " approves it again once every line matches or is waived.");
    }
    if (saved.waiversRemoved() > 0) {
      s.append(' ')
          .append(saved.waiversRemoved())
          .append(" waiver(s) no longer apply because their expected values changed.");
    }
    return s.toString();
  }

  private static WorksheetInput.Raw rawOf(MultiValueMap<String, String> p) {
    List<String> campus = values(p, "campus");
    List<String> grade = values(p, "grade");
    List<String> expected = values(p, "expected");
    List<WorksheetInput.RawEnrollment> enrollment = new ArrayList<>();
    int rows = Math.max(campus.size(), Math.max(grade.size(), expected.size()));
    for (int i = 0; i < rows; i++) {
      enrollment.add(
          new WorksheetInput.RawEnrollment(i + 1, at(campus, i), at(grade, i), at(expected, i)));
    }
    List<String> sid = values(p, "studentId");
    List<String> sgrade = values(p, "studentGrade");
    List<String> credits = values(p, "credits");
    List<String> gpa = values(p, "gpa");
    List<WorksheetInput.RawStudent> students = new ArrayList<>();
    int n = Math.max(Math.max(sid.size(), sgrade.size()), Math.max(credits.size(), gpa.size()));
    for (int i = 0; i < n; i++) {
      students.add(
          new WorksheetInput.RawStudent(
              i + 1, at(sid, i), at(sgrade, i), at(credits, i), at(gpa, i)));
    }
    return new WorksheetInput.Raw(
        WorksheetInput.RawValue.of(p.getFirst("gpaType")),
        WorksheetInput.RawValue.of(p.getFirst("teachers")),
        WorksheetInput.RawValue.of(p.getFirst("courses")),
        enrollment,
        students);
  }

  private static List<String> values(MultiValueMap<String, String> p, String name) {
    List<String> v = p.get(name);
    return v == null ? List.of() : v;
  }

  private static String at(List<String> values, int i) {
    return i < values.size() ? values.get(i) : "";
  }

  private static Form formOf(WorksheetInput.Raw raw) {
    // Rows keep their numbers, so the problems listed name the rows the person sees.
    List<WorksheetInput.RawEnrollment> enrollment = raw.enrollment();
    return padded(
        raw.gpaType() == null ? null : raw.gpaType().value(),
        raw.teachers() == null ? null : raw.teachers().value(),
        raw.courses() == null ? null : raw.courses().value(),
        enrollment,
        raw.students());
  }

  private static Form formOf(Worksheet w) {
    List<WorksheetInput.RawEnrollment> enrollment = new ArrayList<>();
    for (Worksheet.Enrollment e : w.enrollment()) {
      enrollment.add(
          new WorksheetInput.RawEnrollment(
              enrollment.size() + 1, e.campusId(), e.gradeLevel(), String.valueOf(e.expected())));
    }
    List<WorksheetInput.RawStudent> students = new ArrayList<>();
    for (Worksheet.NamedStudent s : w.students()) {
      students.add(
          new WorksheetInput.RawStudent(
              students.size() + 1,
              s.studentId(),
              s.gradeLevel(),
              plain(s.creditsEarned()),
              plain(s.gpa())));
    }
    return padded(
        w.gpaType(),
        w.teachers() == null ? "" : w.teachers().toString(),
        w.courses() == null ? "" : w.courses().toString(),
        enrollment,
        students);
  }

  private static Form padded(
      String gpaType,
      String teachers,
      String courses,
      List<WorksheetInput.RawEnrollment> enrollment,
      List<WorksheetInput.RawStudent> students) {
    List<WorksheetInput.RawEnrollment> rows = new ArrayList<>(enrollment);
    for (int i = 0; i < BLANK_ROWS; i++) {
      rows.add(new WorksheetInput.RawEnrollment(rows.size() + 1, "", "", ""));
    }
    List<WorksheetInput.RawStudent> named = new ArrayList<>(students);
    while (named.size() < Worksheet.MAX_NAMED_STUDENTS) {
      named.add(new WorksheetInput.RawStudent(named.size() + 1, "", "", "", ""));
    }
    return new Form(
        blank(gpaType) ? Worksheet.DEFAULT_GPA_TYPE : gpaType,
        teachers == null ? "" : teachers,
        courses == null ? "" : courses,
        rows,
        named);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String plain(BigDecimal d) {
    return d == null ? "" : d.toPlainString();
  }
}
