package org.pathways.hub.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.serve.SnapshotPreview;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The data preview: what is live for a district, data set by data set, searchable and paged, so a
 * district contact can check their students as Pathways will see them.
 */
@Controller
class DataController {

  static final int PAGE = 50;

  private final DistrictGate gate;
  private final SnapshotPreview preview;

  DataController(DistrictGate gate, SnapshotPreview preview) {
    this.gate = gate;
    this.preview = preview;
  }

  @GetMapping("/districts/{code}/data")
  String data(
      @AuthenticationPrincipal Viewer viewer,
      @PathVariable String code,
      @RequestParam(required = false) String set,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String inactive,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    District d = gate.require(viewer, code);
    Map<DataSet, Long> counts = new LinkedHashMap<>();
    for (DataSet ds : DataSet.values()) {
      counts.put(ds, preview.count(code, ds));
    }
    model.addAttribute("district", d);
    model.addAttribute("counts", counts);
    if (set != null && !set.isBlank()) {
      DataSet ds = DataSet.byId(set).orElseThrow(DistrictGate::notFound);
      boolean withInactive = inactive != null && !inactive.isBlank();
      int p = Math.max(1, page);
      SnapshotPreview.Page found =
          preview.page(code, ds, q, withInactive, PAGE, (long) (p - 1) * PAGE);
      model.addAttribute("set", ds);
      model.addAttribute("q", q == null ? "" : q);
      model.addAttribute("inactive", withInactive);
      model.addAttribute("found", found);
      model.addAttribute("page", p);
      model.addAttribute("pages", Math.max(1, (found.total() + PAGE - 1) / PAGE));
      model.addAttribute(
          "params",
          new QueryString()
              .add("set", ds.id())
              .add("q", q)
              .add("inactive", withInactive ? "1" : null)
              .toString());
    }
    return "data";
  }
}
