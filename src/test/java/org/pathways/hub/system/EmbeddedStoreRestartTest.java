package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The default store survives its hub being killed outright: the embedded server the dead hub left
 * running is stopped on the next start, which then finds the data as it was; while a hub is alive,
 * a second one on the same data directory is refused with a message that says why.
 */
class EmbeddedStoreRestartTest {

  @Test
  void aHubKilledWithSigkillLeavesAStoreTheNextHubStartsOn() throws Exception {
    Path dir = Files.createTempDirectory("hub-restart-");
    try {
      try (TestHub first = TestHub.start(TestStore.embeddedAt(dir))) {
        first.addDistrict("restart-isd", State.TX, "standard");
        assertThat(first.ingestOne("restart-isd", "students.txt", Sample.students(25)).status())
            .isEqualTo(RunStatus.LOADED);
        // A live hub holds the directory: a second one is refused, and says why.
        assertThatThrownBy(() -> TestHub.start(TestStore.embeddedAt(dir)))
            .hasStackTraceContaining("is in use by another hub process");
      }

      Path log = dir.resolve("child.log");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.pathways.hub.HubApplication",
                  "serve",
                  "--data-dir",
                  dir.toString(),
                  "--server.port=0")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      for (int i = 0;
          i < 600 && !Files.readString(log, StandardCharsets.UTF_8).contains("is ready");
          i++) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("is ready");
      long postmaster =
          Long.parseLong(Files.readAllLines(dir.resolve("pg/postmaster.pid")).get(0).trim());
      child.destroyForcibly(); // SIGKILL: the hub's shutdown hook never runs
      child.waitFor(30, TimeUnit.SECONDS);
      Optional<ProcessHandle> orphan = ProcessHandle.of(postmaster);
      assertThat(orphan).as("the embedded server outlives a killed hub").isPresent();
      assertThat(orphan.get().isAlive()).isTrue();

      try (TestHub next = TestHub.start(TestStore.embeddedAt(dir))) {
        assertThat(orphan.get().isAlive()).as("the orphaned server was stopped").isFalse();
        assertThat(next.bean(DistrictRepository.class).find("restart-isd")).isPresent();
        assertThat(next.count("restart-isd", "students")).isEqualTo(25);
        List<String> statuses =
            next.jdbc().sql("select status from ingest_run order by id").query(String.class).list();
        assertThat(statuses).containsExactly("LOADED");
      }
    } finally {
      TestFiles.deleteTree(dir);
    }
  }
}
