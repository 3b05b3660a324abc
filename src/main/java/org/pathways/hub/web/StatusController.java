package org.pathways.hub.web;

import java.util.List;
import java.util.Map;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.pipeline.RunStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The read-only status pages: every district with its latest run per data set, a district's runs,
 * and one run with its issues. An unknown district or run is a 404.
 */
@Controller
class StatusController {

  private final DistrictRepository districts;
  private final RunStore runs;
  private final JdbcClient jdbc;
  private final DistrictGate gate;

  StatusController(
      DistrictRepository districts, RunStore runs, JdbcClient jdbc, DistrictGate gate) {
    this.districts = districts;
    this.gate = gate;
    this.runs = runs;
    this.jdbc = jdbc;
  }

  /** The latest run of one data set (and part) of a district. */
  record Latest(
      String district, String dataSet, String status, long runId, java.time.Instant receivedAt) {}

  @GetMapping("/")
  String index(@AuthenticationPrincipal Viewer viewer, Model model) {
    if (!viewer.staff()) {
      return "redirect:/districts/" + viewer.district();
    }
    List<District> all = districts.list();
    List<Latest> latest =
        jdbc.sql(
                "select distinct on (r.district, r.dataset, r.part) r.district, r.dataset || coalesce('/' || r.part, ''), r.status, r.id,"
                    + " f.received_at from ingest_run r"
                    + " join received_file f on f.id = r.received_file_id where r.dataset is not null"
                    + " order by r.district, r.dataset, r.part, r.id desc")
            .query(
                (rs, i) ->
                    new Latest(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
            .list();
    Map<String, Long> attention =
        jdbc
            .sql(
                "select district, count(*) from ingest_run where status in ('HELD', 'REJECTED') group by district")
            .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .list()
            .stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    model.addAttribute("districts", all);
    model.addAttribute("latest", latest);
    model.addAttribute("attention", attention);
    return "index";
  }

  @GetMapping("/districts/{code}")
  String district(@AuthenticationPrincipal Viewer viewer, @PathVariable String code, Model model) {
    District d = gate.require(viewer, code);
    model.addAttribute("district", d);
    model.addAttribute("runs", runs.recent(code, 15));
    return "district";
  }
}
