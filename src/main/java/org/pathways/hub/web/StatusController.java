package org.pathways.hub.web;

import java.util.List;
import java.util.Map;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.monitor.DistrictNight;
import org.pathways.hub.monitor.NightlyEvaluation;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.OnboardingStage;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.serve.GraduationReadiness;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The read-only status pages: every district with its latest run per data set, a district's runs,
 * and one run with its issues. An unknown district or run is a 404.
 */
@Controller
class StatusController {

  private final DistrictRepository districts;
  private final RunStore runs;
  private final NightlyEvaluation nights;
  private final Onboarding onboarding;
  private final DistrictGate gate;
  private final GraduationReadiness readiness;

  StatusController(
      DistrictRepository districts,
      RunStore runs,
      NightlyEvaluation nights,
      Onboarding onboarding,
      DistrictGate gate,
      GraduationReadiness readiness) {
    this.readiness = readiness;
    this.onboarding = onboarding;
    this.districts = districts;
    this.gate = gate;
    this.runs = runs;
    this.nights = nights;
  }

  /** The overview's filter form, as given. */
  public record OverviewQuery(
      String q, String state, String profile, String method, String stage, String attention) {

    boolean keeps(District d, DistrictNight night, Row row) {
      if (method != null && !method.isBlank() && !row.method().name().equals(method)) {
        return false;
      }
      if ("overdue".equals(stage) && !row.stage().overdue()) {
        return false;
      }
      if ("onboarding".equals(stage) && row.stage().complete()) {
        return false;
      }
      if ("complete".equals(stage) && !row.stage().complete()) {
        return false;
      }
      if (q != null && !q.isBlank()) {
        String needle = q.strip().toLowerCase(java.util.Locale.ROOT);
        if (!d.name().toLowerCase(java.util.Locale.ROOT).contains(needle)
            && !d.code().contains(needle)) {
          return false;
        }
      }
      if (state != null && !state.isBlank() && !d.state().name().equals(state)) {
        return false;
      }
      if (profile != null && !profile.isBlank() && !d.profileId().equals(profile)) {
        return false;
      }
      return attention == null || attention.isBlank() || night.needsAttention();
    }
  }

  /** What the overview shows of a district's integration besides its night. */
  public record Row(TransferMethod method, OnboardingStage stage) {}

  @GetMapping("/")
  String index(@AuthenticationPrincipal Viewer viewer, OverviewQuery query, Model model) {
    if (!viewer.staff()) {
      return "redirect:/districts/" + viewer.district();
    }
    List<District> all = districts.list();
    Map<String, DistrictNight> latest = this.nights.latest(all);
    Map<String, Row> rows = new java.util.HashMap<>();
    for (District d : all) {
      Integration in = onboarding.integration(d);
      rows.put(d.code(), new Row(in.method(), onboarding.stage(d, in)));
    }
    List<District> shown =
        all.stream().filter(d -> query.keeps(d, latest.get(d.code()), rows.get(d.code()))).toList();
    model.addAttribute("rows", rows);
    model.addAttribute("methods", TransferMethod.values());
    model.addAttribute("districts", shown);
    model.addAttribute("total", all.size());
    model.addAttribute("nights", latest);
    model.addAttribute("query", query);
    model.addAttribute(
        "profiles", all.stream().map(District::profileId).distinct().sorted().toList());
    model.addAttribute(
        "attentionCount", latest.values().stream().filter(DistrictNight::needsAttention).count());
    return "index";
  }

  @GetMapping("/districts/{code}")
  String district(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("runs", runs.recent(code, 15));
    model.addAttribute("night", nights.latest(List.of(d)).get(code));
    model.addAttribute("readiness", readiness.of(d));
    return "district";
  }
}
