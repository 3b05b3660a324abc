package org.pathways.hub.web;

import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.serve.Graduation;
import org.pathways.hub.serve.GraduationProgress;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A student's page: their graduation plan and, per requirement, the credits earned and still
 * needed, as Pathways will show them to counselors, with the courses whose credits count nowhere.
 * Behind the district gate like every district page; an unknown student is a 404 too.
 */
@Controller
class StudentController {

  private final DistrictGate gate;
  private final Graduation graduation;

  StudentController(DistrictGate gate, Graduation graduation) {
    this.gate = gate;
    this.graduation = graduation;
  }

  @GetMapping("/districts/{code}/students/{id}")
  String student(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @PathVariable String id,
      Model model) {
    District d = gate.require(viewer, code);
    Graduation.Student student =
        graduation.student(d.code(), id).orElseThrow(DistrictGate::notFound);
    GraduationProgress progress = graduation.progress(d, id).orElseThrow(DistrictGate::notFound);
    model.addAttribute("district", d);
    model.addAttribute("student", student);
    model.addAttribute("progress", progress);
    return "student";
  }
}
