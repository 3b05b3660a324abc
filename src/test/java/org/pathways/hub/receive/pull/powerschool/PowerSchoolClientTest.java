package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.support.PowerSchoolServer;
import org.pathways.hub.support.TestClock;

/**
 * The client against the PowerSchool test server alone: how long it waits between attempts, the
 * deadline, and the file a query's pages make.
 */
class PowerSchoolClientTest {

  final TestClock clock = new TestClock(Instant.parse("2026-11-17T06:30:00Z"));
  final List<Duration> waits = new ArrayList<>();

  PowerSchoolProperties props(int maxAttempts, Duration deadline) {
    return new PowerSchoolProperties(
        1000,
        deadline,
        maxAttempts,
        Duration.ofSeconds(2),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        "Pathways",
        "integrations@pathways.example.org");
  }

  PowerSchoolClient client(PowerSchoolServer server, PowerSchoolProperties props) {
    Sleeper recording =
        d -> {
          waits.add(d);
          clock.advance(d);
        };
    return new PowerSchoolClient(
        new Credentials("d", server.url(), "id", new ClientSecret("secret")),
        HttpClient.newHttpClient(),
        clock,
        recording,
        props,
        clock.instant().plus(props.pullDeadline()));
  }

  static PowerSchoolServer server(Path dir) throws IOException {
    Path csv = dir.resolve("q.csv");
    Files.writeString(
        csv,
        "id,name,note\n1,\"Smith, Ann\",\n2,Lee,\"said \"\"hi\"\"\"\n3,Ng,x\n",
        StandardCharsets.UTF_8);
    PowerSchoolServer server = new PowerSchoolServer("id", "secret", 2);
    server.serve("com.pathways.hub.q", csv);
    return server;
  }

  @Test
  void pagesMakeOneQuotedFileWithEmptyCellsForMissingFields(@TempDir Path dir) throws Exception {
    try (PowerSchoolServer server = server(dir)) {
      PowerSchoolClient c = client(server, props(3, Duration.ofHours(2)));
      assertThat(c.metadata().maxPageSize()).isEqualTo(2);
      QueryFile file =
          new QueryFile(
              c,
              "com.pathways.hub.q",
              List.of("id", "name", "note", "absent"),
              c.count("com.pathways.hub.q"),
              2);
      String text = new String(file.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text)
          .isEqualTo(
              "id,name,note,absent\n1,\"Smith, Ann\",,\n2,Lee,\"said \"\"hi\"\"\",\n3,Ng,x,\n");
      assertThat(file.rows()).isEqualTo(3);
      assertThat(server.pageRequests("com.pathways.hub.q", 3)).isZero();
    }
  }

  @Test
  void aBusyServerIsWaitedForAsItAsksAndFailuresWaitLongerEachTime(@TempDir Path dir)
      throws Exception {
    try (PowerSchoolServer server = server(dir)) {
      server.throttlePage("com.pathways.hub.q", 1, 30);
      server.failPage("com.pathways.hub.q", 2, 2);
      PowerSchoolClient c = client(server, props(3, Duration.ofHours(2)));

      assertThat(c.page("com.pathways.hub.q", 1, 2)).hasSize(2);
      assertThat(c.page("com.pathways.hub.q", 2, 2)).hasSize(1);

      assertThat(waits)
          .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
  }

  @Test
  void noWaitRunsPastTheDeadline(@TempDir Path dir) throws Exception {
    try (PowerSchoolServer server = server(dir)) {
      server.failPage("com.pathways.hub.q", 1, Integer.MAX_VALUE);
      PowerSchoolClient c = client(server, props(10, Duration.ofSeconds(5)));

      assertThatThrownBy(() -> c.page("com.pathways.hub.q", 1, 2))
          .isInstanceOf(PowerSchoolException.class)
          .hasMessageStartingWith(
              "The pull from "
                  + server.url()
                  + " ran past its deadline of PT5S before page 1 of"
                  + " com.pathways.hub.q; the last error: PowerSchool at")
          .extracting(e -> ((PowerSchoolException) e).problem())
          .isEqualTo(Problem.DEADLINE);
      assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }
  }
}
