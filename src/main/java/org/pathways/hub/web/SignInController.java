package org.pathways.hub.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security checks what it posts. */
@Controller
class SignInController {

  @GetMapping("/sign-in")
  String signIn() {
    return "sign-in";
  }
}
