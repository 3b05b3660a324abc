package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.Step;
import org.pathways.hub.web.AuditedChange.Done;
import org.pathways.hub.web.AuditedChange.Subject;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A district's onboarding timeline. Everyone who may see the district sees it; engineers set the
 * kick-off and training dates and mark steps done (or undo a mark), each change audited.
 */
@Controller
@RequestMapping("/districts/{code}/onboarding")
class OnboardingController {

  private final DistrictGate gate;
  private final Onboarding onboarding;
  private final AuditedChange changes;

  OnboardingController(DistrictGate gate, Onboarding onboarding, AuditedChange changes) {
    this.gate = gate;
    this.onboarding = onboarding;
    this.changes = changes;
  }

  @GetMapping
  String timeline(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("integration", onboarding.integration(d));
    model.addAttribute("expected", onboarding.expectedDataSets(d));
    model.addAttribute("timeline", onboarding.timeline(d));
    return "onboarding";
  }

  @PostMapping("/dates")
  String dates(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String kickoff,
      @RequestParam(defaultValue = "") String training,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "onboarding.dates",
        new Subject(d.code(), null),
        request,
        flash,
        () -> {
          LocalDate k = date(kickoff, "kick-off");
          LocalDate t = date(training, "training");
          onboarding.setDates(d, k, t, viewer.email());
          return new Done("Dates saved.", "kick-off " + k + ", training " + t);
        });
    return redirect(code);
  }

  @PostMapping("/done")
  String done(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String step,
      @RequestParam(defaultValue = "") String note,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "onboarding.mark",
        new Subject(d.code(), step),
        request,
        flash,
        () -> {
          Step s = Onboarding.step(step);
          onboarding.mark(d, s, note, viewer.email());
          return new Done(
              "'" + s.title() + "' marked done.", note.strip(), new Subject(d.code(), s.name()));
        });
    return redirect(code);
  }

  @PostMapping("/undo")
  String undo(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String step,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "onboarding.unmark",
        new Subject(d.code(), step),
        request,
        flash,
        () -> {
          Step s = Onboarding.step(step);
          onboarding.unmark(d, s);
          return new Done(
              "The mark on '" + s.title() + "' was removed.",
              null,
              new Subject(d.code(), s.name()));
        });
    return redirect(code);
  }

  private static LocalDate date(String value, String what) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "The " + what + " date '" + value + "' is not a date such as 2026-10-05", e);
    }
  }

  private static String redirect(String code) {
    return "redirect:/districts/" + code + "/onboarding";
  }
}
