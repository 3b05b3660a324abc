package org.pathways.hub.web;

import org.pathways.hub.access.Viewer;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every portal page shows in its header: who is signed in, and the clock pages use. */
@ControllerAdvice
class PortalModel {

  private static final CentralTime TIME = new CentralTime();

  @ModelAttribute("viewer")
  Viewer viewer(@AuthenticationPrincipal Viewer viewer) {
    return viewer;
  }

  @ModelAttribute("time")
  CentralTime time() {
    return TIME;
  }
}
