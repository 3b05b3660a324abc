package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.web.AuditedChange.Done;
import org.pathways.hub.web.AuditedChange.Subject;
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
  private final AuditedChange changes;
  private final SessionRegistry sessions;

  PeopleController(
      PortalUsers users,
      DistrictRepository districts,
      AuditedChange changes,
      SessionRegistry sessions) {
    this.users = users;
    this.sessions = sessions;
    this.districts = districts;
    this.changes = changes;
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
    changes.apply(
        viewer,
        "user.add",
        new Subject(null, email),
        request,
        flash,
        () -> {
          Role r = Role.valueOf(role.toUpperCase(Locale.ROOT));
          IssuedSecret s =
              users.add(email, r, r.staff() || district.isBlank() ? null : district, null);
          flash.addFlashAttribute("issued", s);
          return new Done(
              "Added " + s.name() + ".",
              r.name(),
              new Subject(r.staff() ? null : district, s.name()));
        });
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/reset-password")
  String reset(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      RedirectAttributes flash) {
    changes.apply(
        viewer,
        "user.reset-password",
        new Subject(null, email),
        request,
        flash,
        () -> {
          IssuedSecret s = users.resetPassword(email, null);
          endSessions(s.name());
          flash.addFlashAttribute("issued", s);
          return new Done(
              "A new password for " + s.name() + ".", null, new Subject(null, s.name()));
        });
    return "redirect:/admin/people";
  }

  @PostMapping("/admin/people/disable")
  String disable(
      @AuthenticationPrincipal Viewer viewer,
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      RedirectAttributes flash) {
    changes.apply(
        viewer,
        "user.disable",
        new Subject(null, email),
        request,
        flash,
        () -> {
          String person = PortalUsers.normalize(email);
          if (person.equals(viewer.email())) {
            throw new IllegalArgumentException(
                "You cannot disable yourself; another administrator can");
          }
          users.disable(email);
          endSessions(person);
          return new Done("Disabled " + person + ".", null, new Subject(null, person));
        });
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
    changes.apply(
        viewer,
        "user.change-password",
        new Subject(null, viewer.email()),
        request,
        flash,
        () -> {
          String hash =
              users
                  .passwordHash(viewer.email())
                  .orElseThrow(() -> new IllegalArgumentException("?"));
          if (!users.encoder().matches(current, hash)) {
            throw new IllegalArgumentException("The current password is not right");
          }
          if (!password.equals(confirm)) {
            throw new IllegalArgumentException("The new password and its confirmation differ");
          }
          users.resetPassword(viewer.email(), password);
          return new Done("Your password is changed.", null);
        });
    return "redirect:/account";
  }
}
