package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPull;
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
 * A district's PowerSchool API connection on its settings page: the server address, the plugin's
 * client id and secret, and a connection test. The district's own contacts may set it up as well as
 * engineers, since they are the ones who install the plugin and read its client secret; the secret
 * is never shown back.
 */
@Controller
@RequestMapping("/districts/{code}/settings/powerschool")
class PowerSchoolSettingsController {

  private final DistrictGate gate;
  private final PowerSchoolConnections connections;
  private final PowerSchoolPull pull;
  private final AuditedChange changes;

  PowerSchoolSettingsController(
      DistrictGate gate,
      PowerSchoolConnections connections,
      PowerSchoolPull pull,
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
      @RequestParam(defaultValue = "") String serverUrl,
      @RequestParam(defaultValue = "") String clientId,
      @RequestParam(defaultValue = "") String clientSecret,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.require(viewer, code);
    changes.apply(
        viewer,
        "powerschool.configure",
        new Subject(d.code(), serverUrl.strip()),
        request,
        flash,
        () -> {
          PowerSchoolConnections.Settings s =
              connections.save(d.code(), serverUrl, clientId, clientSecret, viewer.email());
          return new Done(
              "PowerSchool connection saved. Test it to see that every query answers.",
              "client id "
                  + s.clientId()
                  + (clientSecret.isBlank() ? ", secret kept" : ", new secret"),
              new Subject(d.code(), s.server().toString()));
        });
    return "redirect:/districts/" + d.code() + "/settings#powerschool";
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
      PowerSchoolPull.ConnectionTest t =
          pull.test(d.code(), viewer.email(), request.getRemoteAddr());
      flash.addFlashAttribute("powerschoolTest", t);
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/districts/" + d.code() + "/settings#powerschool";
  }
}
