package org.pathways.hub.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathways.hub.district.Issue;
import org.pathways.hub.pipeline.RunSummary;
import tools.jackson.databind.json.JsonMapper;

/** The JSON the commands print: one object per file, with stable field names. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static String run(RunSummary r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("file", r.file());
    m.put("dataSet", r.dataSet());
    m.put("part", r.part());
    m.put("status", r.status().name());
    m.put("rowsRead", r.rowsRead());
    m.put("added", r.added());
    m.put("updated", r.updated());
    m.put("unchanged", r.unchanged());
    m.put("deactivated", r.deactivated());
    m.put("errors", r.errors());
    m.put("warnings", r.warnings());
    m.put("message", r.message());
    m.put("durationMs", r.durationMillis());
    m.put("filePurgedAt", r.filePurgedAt() == null ? null : r.filePurgedAt().toString());
    List<Map<String, Object>> issues = r.issues().stream().limit(100).map(Json::issue).toList();
    m.put("issues", issues);
    return MAPPER.writeValueAsString(m);
  }

  /** One line per district night: its data sets with state and reason. */
  static String night(org.pathways.hub.monitor.DistrictNight n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("district", n.district());
    m.put("night", n.night().toString());
    m.put("deadline", n.deadline().toString());
    m.put("needsAttention", n.needsAttention());
    m.put(
        "dataSets",
        n.sets().stream()
            .map(
                s -> {
                  Map<String, Object> d = new LinkedHashMap<>();
                  d.put("dataSet", s.feed().dataSet().id());
                  d.put("part", s.feed().part());
                  d.put("state", s.state().name());
                  d.put("runId", s.runId());
                  d.put("receivedAt", s.receivedAt() == null ? null : s.receivedAt().toString());
                  d.put("reason", s.reason());
                  return d;
                })
            .toList());
    return MAPPER.writeValueAsString(m);
  }

  private static Map<String, Object> issue(Issue i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", i.severity().name());
    m.put("line", i.line());
    m.put("column", i.column());
    m.put("value", i.value());
    m.put("code", i.code().name());
    m.put("message", i.message());
    return m;
  }
}
