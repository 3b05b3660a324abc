package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.receive.pull.oneroster.OneRosterConnections;
import org.pathways.hub.receive.pull.oneroster.OneRosterPull;
import org.pathways.hub.web.AuditedChange.Done;
import org.pathways.hub.web.AuditedChange.Subject;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A district's OneRoster API connection on its settings page: the service and token addresses, the
 * client id and secret, and a connection test. The district's own contacts may set it up as well as
 * engineers, since they are the ones who register Pathways in their SIS and read its secret; the
 * secret is never shown back.
 */
@Controller
@RequestMapping("/districts/{code}/settings/oneroster")
class OneRosterSettingsController {

  private final DistrictGate gate;
  private final OneRosterConnections connections;
  private final OneRosterPull pull;
  private final AuditedChange changes;

  OneRosterSettingsController(
      DistrictGate gate,
      OneRosterConnections connections,
      OneRosterPull pull,
      AuditedChange changes) {
    this.gate = gate;
    this.connections = connections;
    this.pull = pull;
    this.changes = changes;
  }

  @PostMapping
  String save(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String baseUrl,
      @RequestParam(defaultValue = "") String tokenUrl,
      @RequestParam(defaultValue = "") String clientId,
      @RequestParam(defaultValue = "1.2") String version,
      @RequestParam(defaultValue = "") String clientSecret,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.require(viewer, code);
    changes.apply(
        viewer,
        "oneroster.configure",
        new Subject(d.code(), baseUrl.strip()),
        request,
        flash,
        () -> {
          OneRosterConnections.Settings s =
              connections.save(
                  d.code(), baseUrl, tokenUrl, clientId, version, clientSecret, viewer.email());
          return new Done(
              "OneRoster connection saved. Test it to see that every collection answers.",
              "OneRoster "
                  + s.version().label()
                  + ", client id "
                  + s.clientId()
                  + (clientSecret.isBlank() ? ", secret kept" : ", new secret"),
              new Subject(d.code(), s.baseUrl().toString()));
        });
    return "redirect:/districts/" + d.code() + "/settings#oneroster";
  }

  @PostMapping("/test")
  String test(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.require(viewer, code);
    try {
      // The test audits itself, with its outcome.
      OneRosterPull.ConnectionTest t = pull.test(d.code(), viewer.email(), request.getRemoteAddr());
      flash.addFlashAttribute("onerosterTest", t);
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/districts/" + d.code() + "/settings#oneroster";
  }
}
