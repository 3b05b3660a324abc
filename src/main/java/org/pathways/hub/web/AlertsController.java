package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.alert.AlertLog;
import org.pathways.hub.alert.AlertSettings;
import org.pathways.hub.alert.AlertSettingsStore;
import org.pathways.hub.district.District;
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
 * Who hears about a district's nights, and what was sent: a district contact sees their district's
 * settings and alerts; an engineer changes them, audited under their email. Staff choose here
 * whether they get the morning digest.
 */
@Controller
class AlertsController {

  /** How many of a district's latest alerts its page lists. */
  static final int SHOWN = 50;

  private final DistrictGate gate;
  private final AlertSettingsStore settings;
  private final AlertLog alerts;
  private final PortalUsers users;
  private final AuditedChange changes;

  AlertsController(
      DistrictGate gate,
      AlertSettingsStore settings,
      AlertLog alerts,
      PortalUsers users,
      AuditedChange changes) {
    this.gate = gate;
    this.settings = settings;
    this.alerts = alerts;
    this.users = users;
    this.changes = changes;
  }

  @GetMapping("/districts/{code}/alerts")
  String district(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("settings", settings.get(code));
    model.addAttribute(
        "contacts",
        users.list().stream()
            .filter(
                u ->
                    u.role() == Role.DISTRICT_CONTACT && code.equals(u.district()) && !u.disabled())
            .map(PortalUser::email)
            .toList());
    model.addAttribute(
        "engineers",
        users.list().stream()
            .filter(u -> u.role().staff() && !u.disabled())
            .map(PortalUser::email)
            .toList());
    model.addAttribute("alerts", alerts.recent(code, SHOWN));
    return "alerts";
  }

  @PostMapping("/districts/{code}/alerts")
  String save(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "false") boolean emailEnabled,
      @RequestParam(defaultValue = "false") boolean toContacts,
      @RequestParam(defaultValue = "") String extraEmails,
      @RequestParam(defaultValue = "") String engineer,
      @RequestParam(defaultValue = "false") boolean webhookEnabled,
      @RequestParam(defaultValue = "") String webhookUrl,
      @RequestParam(defaultValue = "false") boolean removeWebhook,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "alerts.settings",
        new Subject(code, code),
        request,
        flash,
        () -> {
          AlertSettings s =
              settings.save(
                  d.code(),
                  new AlertSettingsStore.Change(
                      emailEnabled,
                      toContacts,
                      extraEmails,
                      engineer,
                      webhookEnabled,
                      webhookUrl,
                      removeWebhook),
                  viewer.email());
          // The audit names the webhook by its hint only: its full address is a secret.
          return new Done(
              "Alert settings saved.",
              "email "
                  + (s.emailEnabled() ? "on" : "off")
                  + ", contacts "
                  + (s.toContacts() ? "yes" : "no")
                  + ", extra "
                  + s.extraEmails()
                  + ", engineer "
                  + (s.engineer() == null ? "every engineer" : s.engineer())
                  + ", webhook "
                  + (s.hasWebhook() ? s.webhookHint() : "none")
                  + (s.webhookEnabled() ? " on" : " off"));
        });
    return "redirect:/districts/" + code + "/alerts";
  }

  /** A member of staff's own page: the morning digest, and the latest ones they were sent. */
  @GetMapping("/alerts")
  String mine(@AuthenticationPrincipal Viewer viewer, Model model) {
    PortalUser me = staff(viewer);
    model.addAttribute("wantsDigest", settings.wantsDigest(me));
    model.addAttribute("digests", alerts.digestsTo(me.email(), 14));
    return "my-alerts";
  }

  @PostMapping("/alerts/digest")
  String digest(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "false") boolean wanted,
      HttpServletRequest request,
      RedirectAttributes flash) {
    PortalUser me = staff(viewer);
    settings.setDigest(me.email(), wanted);
    changes.record(
        viewer,
        "alerts.digest",
        new Subject(null, me.email()),
        request,
        "ok",
        wanted ? "wants the morning digest" : "no morning digest");
    flash.addFlashAttribute(
        "message",
        wanted ? "You get the morning digest." : "You no longer get the morning digest.");
    return "redirect:/alerts";
  }

  private PortalUser staff(Viewer viewer) {
    if (viewer == null || !viewer.staff()) {
      throw DistrictGate.notFound();
    }
    return users.find(viewer.email()).orElseThrow(DistrictGate::notFound);
  }
}
