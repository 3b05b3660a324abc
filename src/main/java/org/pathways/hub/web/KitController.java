package org.pathways.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.kit.Connection;
import org.pathways.hub.kit.ExportKit;
import org.pathways.hub.kit.ExportKits;
import org.pathways.hub.receive.SftpProperties;
import org.pathways.hub.receive.SftpService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A district's export kit: the page, and the same as a zip with the specification and sample files.
 * For the district's contact and for staff; read-only, and without any secret.
 */
@Controller
class KitController {

  private final DistrictGate gate;
  private final ExportKits kits;
  private final SftpProperties sftpProperties;
  private final ObjectProvider<SftpService> sftpService;

  KitController(
      DistrictGate gate,
      ExportKits kits,
      SftpProperties sftpProperties,
      ObjectProvider<SftpService> sftpService) {
    this.gate = gate;
    this.kits = kits;
    this.sftpProperties = sftpProperties;
    this.sftpService = sftpService;
  }

  @GetMapping("/districts/{code}/kit")
  String kit(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      HttpServletRequest request,
      Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("kit", kits.kit(d, connection(request)));
    return "kit";
  }

  @GetMapping("/districts/{code}/kit.zip")
  void zip(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    District d = gate.require(viewer, code);
    ExportKit kit = kits.kit(d, connection(request));
    response.setContentType("application/zip");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + kit.zipName() + "\"");
    try (OutputStream out = response.getOutputStream()) {
      kits.writeZip(kit, out);
    }
  }

  /**
   * The hub as the viewer reaches it: the district's SIS reaches it by the same name, and the SFTP
   * port is the one the server really listens on (a free one in tests).
   */
  private Connection connection(HttpServletRequest request) {
    int port =
        sftpService.stream().map(SftpService::port).findFirst().orElse(sftpProperties.port());
    int web = request.getServerPort();
    String base =
        request.getScheme()
            + "://"
            + request.getServerName()
            + (web == 80 || web == 443 ? "" : ":" + web);
    return new Connection(request.getServerName(), port, base);
  }
}
