package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.monitor.Expectations;
import org.pathways.hub.monitor.Feed;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;

/** {@code monitor status} judges the latest night at any moment, as text or JSON. */
class MonitorCommandTest {

  @Test
  void statusJudgesTheLatestNightAtTheMomentAsked() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try (TestHub hub = TestHub.start(store)) {
      hub.addDistrict("watch-isd", State.TX, "standard");
      for (DataSet ds : DataSet.values()) {
        if (ds != DataSet.STUDENTS && ds != DataSet.TEACHERS) {
          hub.bean(Expectations.class)
              .setNights("watch-isd", Feed.whole(ds), EnumSet.noneOf(DayOfWeek.class), "test");
        }
      }
      // Night of Sat 2026-10-31: students at 23:00 CDT; teachers never.
      hub.ingestAt(
          "watch-isd", "students.txt", Sample.students(3), Instant.parse("2026-11-01T04:00:00Z"));
      Cli cli = new Cli(store);

      // 01:30 CST on the autumn morning: the night of Oct 31 is not over yet (due 02:00 CST).
      Cli.Result before =
          cli.run("monitor", "status", "--district", "watch-isd", "--at", "2026-11-01T07:30:00Z");
      assertThat(before.out()).contains("night of 2026-10-30");

      Cli.Result text =
          cli.run("monitor", "status", "--district", "watch-isd", "--at", "2026-11-01T08:30:00Z");
      assertThat(text.status()).as(text.toString()).isEqualTo(ExitCodes.NOT_LOADED);
      assertThat(text.out())
          .contains("watch-isd, night of 2026-10-31 (due 2026-11-01 02:00 CST)")
          .containsPattern("students +ok +The students file came Sat 23:00 CDT")
          .containsPattern("teachers +missing +No teachers file arrived by the Sun 02:00 CST");

      Cli.Result json =
          cli.run(
              "monitor",
              "status",
              "--district",
              "watch-isd",
              "--at",
              "2026-11-01T08:30:00Z",
              "--json");
      List<JsonNode> nights = json.json();
      assertThat(nights).hasSize(1);
      assertThat(nights.get(0).get("night").asText()).isEqualTo("2026-10-31");
      assertThat(nights.get(0).get("deadline").asText()).isEqualTo("2026-11-01T08:00:00Z");
      assertThat(nights.get(0).get("dataSets").get(1).get("state").asText()).isEqualTo("MISSING");

      Cli.Result bad = cli.run("monitor", "status", "--at", "yesterday");
      assertThat(bad.status()).isNotZero();
      assertThat(bad.err()).contains("--at takes an instant");
    }
  }
}
