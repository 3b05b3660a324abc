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
import org.pathways.hub.receive.pull.powerschool.GeneratedPlugin;
import org.pathways.hub.receive.pull.powerschool.PluginException;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugins;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

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
  private final PowerSchoolPlugins powerSchool;

  KitController(
      DistrictGate gate,
      ExportKits kits,
      SftpProperties sftpProperties,
      ObjectProvider<SftpService> sftpService,
      PowerSchoolPlugins powerSchool) {
    this.gate = gate;
    this.kits = kits;
    this.sftpProperties = sftpProperties;
    this.sftpService = sftpService;
    this.powerSchool = powerSchool;
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
   * The district's PowerSchool plugin, to install in PowerSchool. Each download records the
   * plugin's version, which rises when its content changed since the last download.
   */
  @GetMapping("/districts/{code}/kit/powerschool-plugin.zip")
  void powerSchoolPlugin(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      HttpServletResponse response)
      throws IOException {
    District d = gate.require(viewer, code);
    GeneratedPlugin plugin;
    try {
      plugin = powerSchool.generate(d);
    } catch (PluginException e) {
      // The district's profile override has a column the plugin cannot return: its engineer's
      // to fix, not a failure of the hub.
      throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage(), e);
    }
    byte[] zip = plugin.zip();
    response.setContentType("application/zip");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + plugin.fileName() + "\"");
    response.setContentLength(zip.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(zip);
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
