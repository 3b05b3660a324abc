package org.pathways.hub.web;

import java.util.List;
import java.util.Map;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.pipeline.RunStore;
import org.pathways.hub.pipeline.RunSummary;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The read-only status pages: every district with its latest run per data set, a district's runs,
 * and one run with its issues. An unknown district or run is a 404.
 */
@Controller
class StatusController {

  /** Districts' deadlines are on the Central clock, so times are shown on it too. */
  private static final java.time.ZoneId CENTRAL = java.time.ZoneId.of("America/Chicago");

  private final DistrictRepository districts;
  private final RunStore runs;
  private final JdbcClient jdbc;

  StatusController(DistrictRepository districts, RunStore runs, JdbcClient jdbc) {
    this.districts = districts;
    this.runs = runs;
    this.jdbc = jdbc;
  }

  /** The latest run of one data set (and part) of a district. */
  record Latest(String district, String dataSet, String status, long runId, String receivedAt) {}

  @GetMapping("/")
  String index(Model model) {
    List<District> all = districts.list();
    List<Latest> latest =
        jdbc.sql(
                "select distinct on (r.district, r.dataset, r.part) r.district, r.dataset || coalesce('/' || r.part, ''), r.status, r.id,"
                    + " to_char(f.received_at at time zone 'America/Chicago', 'YYYY-MM-DD HH24:MI') from ingest_run r"
                    + " join received_file f on f.id = r.received_file_id where r.dataset is not null"
                    + " order by r.district, r.dataset, r.part, r.id desc")
            .query(
                (rs, i) ->
                    new Latest(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5)))
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
  String district(@PathVariable String code, Model model) {
    District d =
        districts.find(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("district", d);
    model.addAttribute("runs", runs.recent(code, 200));
    model.addAttribute("central", CENTRAL);
    return "district";
  }

  @GetMapping("/runs/{id}")
  String run(@PathVariable long id, Model model) {
    RunSummary r =
        runs.summary(id, 1000).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("run", r);
    model.addAttribute("district", districts.find(r.district()).orElseThrow());
    model.addAttribute("central", CENTRAL);
    return "run";
  }
}
