package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DistrictRepository;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The people who sign in: administrators add engineers and district contacts, reset a forgotten
 * password (a new one is generated and shown once) and disable a leaver; anyone changes their own
 * password. Every change is audited, never with a password.
 */
@Controller
class PeopleController {

  private final PortalUsers users;
  private final DistrictRepository districts;
  private final AuditLog audit;
  private final SessionRegistry sessions;

  PeopleController(
      PortalUsers users, DistrictRepository districts, AuditLog audit, SessionRegistry sessions) {
    this.users = users;
    this.sessions = sessions;
    this.districts = districts;
    this.audit = audit;
  }

  @GetMapping("/admin/people")
  String people(Model model) {
    model.addAttribute("people", users.list());
    model.addAttribute("districts", districts.list());
    model.addAttribute("roles", Role.values());
    return "people";
  }

  @PostMapping("/admin/people/add")
  String add(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(defaultValue = "") String district,
      HttpServletRequest request,
      RedirectAttributes flash) {
    try {
      Role r = Role.valueOf(role.toUpperCase(Locale.ROOT));
      IssuedSecret s = users.add(email, r, r.staff() || district.isBlank() ? null : district, null);
      audit.record(
          viewer.email(),
          "user.add",
          r.staff() ? null : district,
          s.name(),
          request.getRemoteAddr(),
          "ok",
          r.name());
      flash.addFlashAttribute("issued", s);
      flash.addFlashAttribute("message", "Added " + s.name() + ".");
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(),
          "user.add",
          null,
          email,
          request.getRemoteAddr(),
          "refused",
          e.getMessage());
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/reset-password")
  String reset(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      RedirectAttributes flash) {
    try {
      IssuedSecret s = users.resetPassword(email, null);
      endSessions(s.name());
      audit.record(
          viewer.email(),
          "user.reset-password",
          null,
          s.name(),
          request.getRemoteAddr(),
          "ok",
          null);
      flash.addFlashAttribute("issued", s);
      flash.addFlashAttribute("message", "A new password for " + s.name() + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/disable")
  String disable(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      RedirectAttributes flash) {
    try {
      if (PortalUsers.normalize(email).equals(viewer.email())) {
        throw new IllegalArgumentException(
            "You cannot disable yourself; another administrator can");
      }
      users.disable(email);
      endSessions(PortalUsers.normalize(email));
      audit.record(
          viewer.email(),
          "user.disable",
          null,
          PortalUsers.normalize(email),
          request.getRemoteAddr(),
          "ok",
          null);
      flash.addFlashAttribute("message", "Disabled " + PortalUsers.normalize(email) + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/people";
  }

  /** Ends every signed-in session of a person: their next request asks them to sign in. */
  private void endSessions(String email) {
    for (Object principal : sessions.getAllPrincipals()) {
      if (principal instanceof Viewer v && v.email().equals(email)) {
        sessions.getAllSessions(principal, false).forEach(SessionInformation::expireNow);
      }
    }
  }

  @GetMapping("/account")
  String account() {
    return "account";
  }

  /** Changes one's own password: the current one proves it is them, not a borrowed session. */
  @PostMapping("/account/password")
  String changePassword(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String current,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String confirm,
      HttpServletRequest request,
      RedirectAttributes flash) {
    try {
      String hash =
          users.passwordHash(viewer.email()).orElseThrow(() -> new IllegalArgumentException("?"));
      if (!users.encoder().matches(current, hash)) {
        throw new IllegalArgumentException("The current password is not right");
      }
      if (!password.equals(confirm)) {
        throw new IllegalArgumentException("The new password and its confirmation differ");
      }
      users.resetPassword(viewer.email(), password);
      audit.record(
          viewer.email(),
          "user.change-password",
          null,
          viewer.email(),
          request.getRemoteAddr(),
          "ok",
          null);
      flash.addFlashAttribute("message", "Your password is changed.");
    } catch (IllegalArgumentException e) {
      audit.record(
          viewer.email(),
          "user.change-password",
          null,
          viewer.email(),
          request.getRemoteAddr(),
          "refused",
          e.getMessage());
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/account";
  }
}
