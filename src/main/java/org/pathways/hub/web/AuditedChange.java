package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.audit.AuditLog;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How a portal form applies a change: it is audited under the viewer's email as "ok" or, when
 * refused for a reason the person can fix, as "refused" with that reason, and the page they return
 * to shows the outcome as its {@code message} or {@code error}. One place, so every page audits and
 * reports its changes the same way.
 */
@Component
class AuditedChange {

  private final AuditLog audit;

  AuditedChange(AuditLog audit) {
    this.audit = audit;
  }

  /** Who or what a change is about, as the audit trail names it. */
  record Subject(String district, String target) {}

  /**
   * What a change did: the message for the page and the detail for the audit trail. A change that
   * only learns what it was about as it runs (a normalized email, a step's name) says so in {@code
   * subject}; null keeps the one it was asked about.
   */
  record Done(String message, String detail, Subject subject) {
    Done(String message, String detail) {
      this(message, detail, null);
    }
  }

  interface Change {
    Done apply();
  }

  /** Applies a change and audits it; an {@link IllegalArgumentException} is its refusal. */
  void apply(
      Viewer viewer,
      String action,
      Subject subject,
      HttpServletRequest request,
      RedirectAttributes flash,
      Change change) {
    try {
      Done done = change.apply();
      Subject about = done.subject() == null ? subject : done.subject();
      record(viewer, action, about, request, "ok", done.detail());
      flash.addFlashAttribute("message", done.message());
    } catch (IllegalArgumentException e) {
      record(viewer, action, subject, request, "refused", e.getMessage());
      flash.addFlashAttribute("error", e.getMessage());
    }
  }

  /** Audits a change a page handles itself, as when a refusal keeps the draft for the form. */
  void record(
      Viewer viewer,
      String action,
      Subject subject,
      HttpServletRequest request,
      String outcome,
      String detail) {
    audit.record(
        viewer.email(),
        action,
        subject.district(),
        subject.target(),
        request.getRemoteAddr(),
        outcome,
        detail);
  }
}
