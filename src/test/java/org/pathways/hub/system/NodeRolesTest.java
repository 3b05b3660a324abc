package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pathways.hub.HubApplication;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.NodeRoles;
import org.pathways.hub.receive.Buckets;
import org.pathways.hub.receive.Intake;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Several hub nodes share one database and one vault, each with the roles it is given: a node
 * without the worker role leaves what it receives waiting, a worker node takes it, and a worker
 * killed in the middle of a load leaves the old snapshot live for another node to finish the file.
 */
class NodeRolesTest {

  static final Intake.Sender SFTP = new Intake.Sender("sftp", "sftp:nodes", "127.0.0.1");

  @Test
  void rolesAreReadAsConfiguredAndAWrongOneIsRefused() {
    NodeRoles worker = NodeRoles.parse(" Worker ");
    assertThat(worker.has(NodeRoles.Role.WORKER)).isTrue();
    assertThat(worker.has(NodeRoles.Role.WEB)).isFalse();
    assertThat(NodeRoles.parse(NodeRoles.ALL).has(NodeRoles.Role.SFTP)).isTrue();
    assertThatThrownBy(() -> NodeRoles.parse("web,loader"))
        .hasMessage("hub.roles names 'loader', which is not a role: use web, sftp, worker");
    assertThatThrownBy(() -> NodeRoles.parse(" , ")).hasMessageStartingWith("hub.roles is empty");
  }

  @Test
  void aFileReceivedOnANodeWithoutTheWorkerRoleIsProcessedByAWorkerNode() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try (TestHub front = TestHub.start(store, "--hub.roles=web,sftp")) {
      front.addDistrict("front-isd", State.TX, "standard");
      List<Long> runs = accept(front, "front-isd", Sample.students(12));
      Thread.sleep(1000);
      assertThat(status(front, runs.get(0))).as("nobody processes it yet").isEqualTo("RECEIVED");

      try (TestHub worker =
          TestHub.start(
              store,
              "--hub.roles=worker",
              "--pipeline.queue.poll=true",
              "--pipeline.queue.interval=PT0.2S")) {
        await(() -> "LOADED".equals(status(front, runs.get(0))), Duration.ofSeconds(60));
        assertThat(front.count("front-isd", "students")).isEqualTo(12);
        Path result =
            worker
                .bean(Buckets.class)
                .bucket("front-isd")
                .resolve("results")
                .resolve("students.txt.result.txt");
        // Encrypted on disk like every result file; the district reads it by SFTP.
        await(() -> Files.exists(result), Duration.ofSeconds(10));
        assertThat(Files.size(result)).isPositive();
      }
    }
  }

  @Test
  void aWorkerKilledInTheMiddleOfALoadLeavesTheOldSnapshotLiveAndAnotherFinishesIt()
      throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try (TestHub front = TestHub.start(store, "--hub.roles=web,sftp")) {
      front.addDistrict("killed-isd", State.TX, "standard");
      // Last night's snapshot, loaded by a command as an engineer would.
      front.ingestOne("killed-isd", "students.txt", Sample.students(5));
      long big = accept(front, "killed-isd", Sample.students(60_000)).get(0);

      Process worker = startWorkerProcess(store);
      try {
        // The worker is in the middle of the load when its COPY into the staging table runs.
        await(
            () -> {
              if (!worker.isAlive()) {
                throw new AssertionError("the worker node stopped: see its log in the temp dir");
              }
              return copying(front);
            },
            Duration.ofSeconds(120));
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        worker.destroyForcibly();
      }
      assertThat(front.count("killed-isd", "students"))
          .as("last night's data stays live")
          .isEqualTo(5);
      assertThat(status(front, big)).isEqualTo("RECEIVED");

      try (TestHub other =
          TestHub.start(
              store,
              "--hub.roles=worker",
              "--pipeline.queue.poll=true",
              "--pipeline.queue.interval=PT0.2S")) {
        await(() -> "LOADED".equals(status(front, big)), Duration.ofSeconds(180));
        assertThat(front.count("killed-isd", "students")).isEqualTo(60_000);
      }
    }
  }

  private static List<Long> accept(TestHub hub, String district, String content) throws Exception {
    return hub.bean(Intake.class)
        .accept(
            district,
            "students.txt",
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            SFTP);
  }

  private static String status(TestHub hub, long run) {
    return hub.jdbc()
        .sql("select status from ingest_run where id = ?")
        .param(run)
        .query(String.class)
        .single();
  }

  private static boolean copying(TestHub hub) {
    return hub.jdbc()
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid() and query ilike 'copy %'")
            .query(Long.class)
            .single()
        > 0;
  }

  /** A worker node in its own JVM, as {@code serve} starts it, so it can be killed outright. */
  private static Process startWorkerProcess(TestStore.Prepared store) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(HubApplication.class.getName());
    cmd.add("serve");
    cmd.addAll(store.args());
    cmd.addAll(
        List.of(
            "--hub.roles=worker",
            "--server.port=0",
            "--sftp.enabled=false",
            "--db-scheduler.enabled=false",
            "--pipeline.queue.interval=PT0.2S"));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(File.createTempFile("worker-node", ".log"))
        .start();
  }

  private static void await(BooleanSupplier condition, Duration limit) throws Exception {
    Instant until = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("not within " + limit);
      }
      Thread.sleep(50);
    }
  }
}
