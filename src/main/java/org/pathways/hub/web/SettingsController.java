package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.ApiKeys;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.receive.SftpProperties;
import org.pathways.hub.receive.SftpService;
import org.pathways.hub.receive.pull.PullSource;
import org.pathways.hub.receive.pull.oneroster.OneRosterConnections;
import org.pathways.hub.receive.pull.oneroster.OneRosterPull;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections;
import org.pathways.hub.web.AuditedChange.Done;
import org.pathways.hub.web.AuditedChange.Subject;
import org.springframework.beans.factory.ObjectProvider;
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
 * A district's integration settings: its SIS profile, transfer method, deadline, hold threshold,
 * profile override, SFTP accounts, API keys, and its PowerSchool or OneRoster API connection. A
 * district contact sees their own district's settings without secrets or forms; every change here
 * is an engineer's, audited under their email (the API connections, which contacts set up too, have
 * their own controllers).
 */
@Controller
@RequestMapping("/districts/{code}/settings")
class SettingsController {

  private final DistrictGate gate;
  private final DistrictRepository districts;
  private final Onboarding onboarding;
  private final ProfileCatalog catalog;
  private final ProfileResolver profiles;
  private final SftpAccounts sftp;
  private final ApiKeys apiKeys;
  private final AuditedChange changes;
  private final SftpProperties sftpProperties;
  private final ObjectProvider<SftpService> sftpService;
  private final PowerSchoolConnections powerSchool;
  private final OneRosterConnections oneRoster;

  SettingsController(
      DistrictGate gate,
      DistrictRepository districts,
      Onboarding onboarding,
      ProfileCatalog catalog,
      ProfileResolver profiles,
      SftpAccounts sftp,
      ApiKeys apiKeys,
      AuditedChange changes,
      SftpProperties sftpProperties,
      ObjectProvider<SftpService> sftpService,
      PowerSchoolConnections powerSchool,
      OneRosterConnections oneRoster) {
    this.gate = gate;
    this.districts = districts;
    this.onboarding = onboarding;
    this.catalog = catalog;
    this.profiles = profiles;
    this.sftp = sftp;
    this.apiKeys = apiKeys;
    this.changes = changes;
    this.sftpProperties = sftpProperties;
    this.sftpService = sftpService;
    this.powerSchool = powerSchool;
    this.oneRoster = oneRoster;
  }

  @GetMapping
  String settings(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("profile", catalog.get(d.profileId()));
    model.addAttribute("allProfiles", catalog.all());
    model.addAttribute("integration", onboarding.integration(d));
    model.addAttribute("defaultDeadline", onboarding.defaultDeadline(d));
    model.addAttribute("methods", TransferMethod.values());
    model.addAttribute("maxNights", Onboarding.MAX_ON_TIME_NIGHTS);
    model.addAttribute("override", districts.profileOverride(code).orElse(null));
    model.addAttribute("sftpAccounts", sftp.list(code));
    model.addAttribute("apiKeys", apiKeys.list(code));
    model.addAttribute("powerschool", powerSchool.find(code).orElse(null));
    model.addAttribute("oneroster", oneRoster.find(code).orElse(null));
    // The nightly pull takes the source the profile names; the page shows that one's section, and
    // the other's only when it has a connection, saying it is not used.
    Profile profile = catalog.get(d.profileId());
    model.addAttribute("powerschoolProfile", PullSource.powerSchoolProfile(profile));
    // A OneRoster pull produces Standard Layout files: only a profile that reads them can take it.
    model.addAttribute("onerosterProfile", OneRosterPull.readsPulledFiles(profile));
    return "settings";
  }

  @PostMapping("/integration")
  String integration(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String transferMethod,
      @RequestParam(defaultValue = "") String deadline,
      @RequestParam(defaultValue = "") String holdThreshold,
      @RequestParam(defaultValue = "") String onTimeNights,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "settings.integration",
        new Subject(d.code(), code),
        request,
        flash,
        () -> {
          TransferMethod method = parseMethod(transferMethod);
          LocalTime time = deadline.isBlank() ? null : parseTime(deadline);
          int threshold = parseInt(holdThreshold, "Hold threshold");
          int nights = parseInt(onTimeNights, "On-time nights");
          if (threshold < 0 || threshold > 100) {
            throw new IllegalArgumentException(
                "The hold threshold is a percentage from 0 to 100, not " + threshold);
          }
          onboarding.saveSettings(d, method, time, nights, viewer.email());
          districts.setHoldThreshold(code, threshold);
          return new Done(
              "Integration settings saved.",
              method
                  + ", deadline "
                  + (time == null ? "default" : time)
                  + ", hold "
                  + threshold
                  + "%, "
                  + nights
                  + " nights");
        });
    return redirect(d.code());
  }

  /**
   * Moves the district to another SIS profile or state, as when it changes SIS. The profile must be
   * for that state, and the district's override must still fit the new profile.
   */
  @PostMapping("/profile")
  String profile(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String profileId,
      @RequestParam(defaultValue = "") String state,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "settings.profile",
        new Subject(d.code(), code),
        request,
        flash,
        () -> {
          org.pathways.hub.profile.Profile p =
              catalog
                  .find(profileId)
                  .orElseThrow(
                      () -> new IllegalArgumentException("Choose a SIS profile from the list"));
          org.pathways.hub.district.State st;
          try {
            st = org.pathways.hub.district.State.valueOf(state);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Choose a state: TX or IN", e);
          }
          if (!p.states().contains(st)) {
            throw new IllegalArgumentException(
                "The " + p.name() + " profile is for " + p.states() + " districts, not " + st);
          }
          District moved = new District(d.code(), d.name(), st, p.id(), d.holdThresholdPercent());
          String yaml = districts.profileOverride(code).orElse(null);
          if (yaml != null) {
            try {
              profiles.withOverride(moved, yaml);
            } catch (RuntimeException e) {
              throw new IllegalArgumentException(
                  "The district's profile override does not fit "
                      + p.name()
                      + ": "
                      + e.getMessage()
                      + ". Change or remove the override first.",
                  e);
            }
          }
          districts.setProfile(code, p.id(), st);
          return new Done(
              "The district now follows the " + p.name() + " profile.",
              d.profileId() + "/" + d.state() + " -> " + p.id() + "/" + st);
        });
    return redirect(d.code());
  }

  @PostMapping("/override")
  String override(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String yaml,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    Subject subject = new Subject(code, code);
    if (!yaml.isBlank()) {
      try {
        // Checked before it is saved, as the 'district override' command does: a wrong override
        // never replaces the one in force.
        profiles.withOverride(d, yaml);
      } catch (RuntimeException e) {
        // Refused here rather than by the change: any failure refuses it, and the page keeps the
        // draft to correct.
        changes.record(viewer, "settings.override", subject, request, "refused", e.getMessage());
        flash.addFlashAttribute("error", "The override was not saved: " + e.getMessage());
        flash.addFlashAttribute("overrideDraft", yaml);
        return redirect(code);
      }
    }
    changes.apply(
        viewer,
        "settings.override",
        subject,
        request,
        flash,
        () -> {
          if (yaml.isBlank()) {
            districts.setProfileOverride(code, null);
            return new Done("Profile override removed.", "removed");
          }
          districts.setProfileOverride(code, yaml);
          return new Done("Profile override saved.", "saved");
        });
    return redirect(code);
  }

  @PostMapping("/sftp/add")
  String addSftp(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "false") boolean password,
      @RequestParam(defaultValue = "") String publicKey,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "sftp-user.add",
        new Subject(d.code(), username.isBlank() ? code : username.strip()),
        request,
        flash,
        () -> {
          String key = publicKey.isBlank() ? null : publicKey;
          IssuedSecret s =
              sftp.add(code, username.isBlank() ? null : username.strip(), key, password);
          flash.addFlashAttribute("issued", sftpCredential("New SFTP account", s, request));
          return new Done(
              "SFTP account " + s.name() + " created.",
              (password ? "password" : "key only") + (key == null ? "" : " and key"));
        });
    return redirect(d.code());
  }

  @PostMapping("/sftp/rotate")
  String rotateSftp(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String username,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "sftp-user.rotate",
        new Subject(d.code(), username),
        request,
        flash,
        () -> {
          IssuedSecret s = sftp.rotate(code, username);
          flash.addFlashAttribute("issued", sftpCredential("New SFTP password", s, request));
          return new Done("New password for " + username + "; the old one no longer works.", null);
        });
    return redirect(d.code());
  }

  @PostMapping("/sftp/key")
  String addSftpKey(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String publicKey,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "sftp-user.add-key",
        new Subject(d.code(), username),
        request,
        flash,
        () -> {
          if (publicKey.isBlank()) {
            throw new IllegalArgumentException("Paste the OpenSSH public key to add");
          }
          String fingerprint = sftp.addKey(code, username, publicKey);
          return new Done("Key " + fingerprint + " added to " + username + ".", fingerprint);
        });
    return redirect(d.code());
  }

  @PostMapping("/sftp/revoke")
  String revokeSftp(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String username,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "sftp-user.revoke",
        new Subject(d.code(), username),
        request,
        flash,
        () -> {
          sftp.revoke(code, username);
          return new Done("SFTP account " + username + " revoked: it can no longer sign in.", null);
        });
    return redirect(d.code());
  }

  @PostMapping("/api-keys/add")
  String addApiKey(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String label,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "api-key.add",
        new Subject(d.code(), null),
        request,
        flash,
        () -> {
          IssuedSecret k = apiKeys.add(code, label.isBlank() ? null : label.strip());
          flash.addFlashAttribute("issued", apiKeyCredential("New API key", k, code, request));
          return new Done("API key " + k.name() + " created.", "key " + k.name());
        });
    return redirect(d.code());
  }

  @PostMapping("/api-keys/rotate")
  String rotateApiKey(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String prefix,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "api-key.rotate",
        new Subject(d.code(), prefix),
        request,
        flash,
        () -> {
          IssuedSecret k = apiKeys.rotate(code, prefix);
          flash.addFlashAttribute(
              "issued", apiKeyCredential("API key replacing " + prefix, k, code, request));
          return new Done(
              "API key " + prefix + " revoked and replaced by " + k.name() + ".",
              prefix + " -> " + k.name());
        });
    return redirect(d.code());
  }

  /** A new API key to show once, with the upload command that uses it. */
  private static IssuedCredential apiKeyCredential(
      String what, IssuedSecret k, String code, HttpServletRequest request) {
    String base =
        request.getScheme()
            + "://"
            + request.getServerName()
            + (request.getServerPort() == 80 || request.getServerPort() == 443
                ? ""
                : ":" + request.getServerPort());
    return new IssuedCredential(
        what,
        k.name(),
        k.secret(),
        "curl -H 'Authorization: Bearer "
            + k.secret()
            + "' --data-binary @students.txt '"
            + base
            + "/api/v1/districts/"
            + code
            + "/files?name=students.txt'");
  }

  @PostMapping("/api-keys/revoke")
  String revokeApiKey(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(defaultValue = "") String prefix,
      HttpServletRequest request,
      RedirectAttributes flash) {
    District d = gate.requireStaff(viewer, code);
    changes.apply(
        viewer,
        "api-key.revoke",
        new Subject(d.code(), prefix),
        request,
        flash,
        () -> {
          apiKeys.revoke(code, prefix);
          return new Done("API key " + prefix + " revoked: it stops working at once.", null);
        });
    return redirect(d.code());
  }

  private IssuedCredential sftpCredential(String what, IssuedSecret s, HttpServletRequest request) {
    int port =
        sftpService.stream().map(SftpService::port).findFirst().orElse(sftpProperties.port());
    return new IssuedCredential(
        what,
        s.name(),
        s.secret(),
        "sftp -P " + port + " " + s.name() + "@" + request.getServerName());
  }

  private static String redirect(String code) {
    return "redirect:/districts/" + code + "/settings";
  }

  private static TransferMethod parseMethod(String value) {
    try {
      return TransferMethod.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Choose a transfer method: SFTP, API or MANUAL (not '" + value + "')", e);
    }
  }

  private static LocalTime parseTime(String value) {
    try {
      return LocalTime.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "The deadline '" + value + "' is not a time such as 02:00", e);
    }
  }

  private static int parseInt(String value, String what) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a whole number", e);
    }
  }
}
