package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * A hub process killed with SIGKILL in the middle of a load leaves the old snapshot whole and the
 * run waiting; the next hub to start finishes it. The killed process is a real second JVM running
 * the {@code ingest} command against the same database and vault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryTest {

  private static final int OLD_ROWS = 200_000;
  private static final int NEW_ROWS = 260_000;

  TestHub hub;
  Path bigFile;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    List<String> rows = new ArrayList<>(Sample.studentRows(NEW_ROWS));
    // The new night moves every student to another campus and adds 60,000 more, so each step of
    // the publish (update, insert) runs long enough to be caught and killed.
    rows.replaceAll(r -> r.replace("|255901001|A|", "|255901041|A|"));
    bigFile = Files.createTempFile("students-big-", ".txt");
    Files.writeString(
        bigFile,
        Sample.STUDENT_HEADER + "\n" + String.join("\n", rows) + "\n",
        StandardCharsets.UTF_8);
  }

  @AfterAll
  void stop() throws IOException {
    if (hub != null) {
      hub.close();
    }
    Files.deleteIfExists(bigFile);
  }

  /** {@code killWhen} is the start of the statement the child must be running when it is killed. */
  @ParameterizedTest
  @ValueSource(
      strings = {"copy stage_students", "update students l set rec_hash", "insert into students"})
  void killedMidLoadLeavesTheOldSnapshotAndResumes(String killWhen) throws Exception {
    String d = "crash-" + Math.abs(killWhen.hashCode() % 10000);
    hub.addDistrict(d, State.TX, "standard");
    assertThat(hub.ingestOne(d, "students.txt", Sample.students(OLD_ROWS)).status())
        .isEqualTo(RunStatus.LOADED);
    Map<String, Object> before = fingerprint(d);

    killWhen(childIngest(d), killWhen);

    // The database ends the dead session's transaction; wait for that before looking.
    waitUntilNoActiveLoad();
    assertThat(fingerprint(d)).isEqualTo(before);
    List<String> waiting =
        hub.jdbc()
            .sql("select status from ingest_run where district = ? order by id")
            .param(d)
            .query(String.class)
            .list();
    assertThat(waiting).containsExactly("LOADED", "RECEIVED");

    assertThat(hub.bean(RunProcessor.class).resumePending()).isGreaterThanOrEqualTo(1);
    List<String> after =
        hub.jdbc()
            .sql("select status from ingest_run where district = ? order by id")
            .param(d)
            .query(String.class)
            .list();
    assertThat(after).containsExactly("LOADED", "LOADED");
    Map<String, Object> loaded = fingerprint(d);
    assertThat(loaded)
        .containsEntry("live", (long) NEW_ROWS)
        .containsEntry("moved", (long) NEW_ROWS);
  }

  /**
   * A district's first load stages into a table of its own and attaches it as the district's
   * partition: killed while staging or while attaching, it leaves neither the table nor any record,
   * and the resumed run makes both.
   */
  @ParameterizedTest
  @ValueSource(strings = {"copy \"students_", "attach partition \"students_"})
  void killedInAFirstLoadLeavesNoPartitionAndResumes(String killWhen) throws Exception {
    String d = "first-" + Math.abs(killWhen.hashCode() % 10000);
    hub.addDistrict(d, State.TX, "standard");

    killWhen(childIngest(d), killWhen);

    waitUntilNoActiveLoad();
    assertThat(partition(d)).as("the district's partition").isNull();
    assertThat(hub.count(d, "students")).isZero();
    assertThat(
            hub.jdbc()
                .sql("select status from ingest_run where district = ? order by id")
                .param(d)
                .query(String.class)
                .list())
        .containsExactly("RECEIVED");

    assertThat(hub.bean(RunProcessor.class).resumePending()).isGreaterThanOrEqualTo(1);
    assertThat(partition(d)).isEqualTo("\"students_" + d + "\"");
    assertThat(fingerprint(d))
        .containsEntry("live", (long) NEW_ROWS)
        .containsEntry("moved", (long) NEW_ROWS);
  }

  private String partition(String district) {
    return hub.jdbc()
        .sql("select to_regclass(?)::text")
        .param("\"students_" + district + "\"")
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** Kills the child with SIGKILL once it runs the statement that {@code killWhen} starts. */
  private void killWhen(Process child, String killWhen) throws InterruptedException {
    boolean killed = false;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline && child.isAlive()) {
      Long busy =
          hub.jdbc()
              .sql(
                  "select count(*) from pg_stat_activity where datname = current_database() and state = 'active' and query like ?")
              // The publishing statements also write the change feed: "with w as (update ...".
              .param("%" + killWhen + "%")
              .query(Long.class)
              .single();
      if (busy > 0) {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client side
        killed = true;
        break;
      }
      Thread.sleep(5);
    }
    child.waitFor(30, TimeUnit.SECONDS);
    assertThat(killed).as("the child was killed while running '%s'", killWhen).isTrue();
  }

  private Map<String, Object> fingerprint(String d) {
    return hub.jdbc()
        .sql(
            "select count(*) filter (where live) as live, count(*) filter (where campus_id = '255901041') as moved,"
                + " md5(string_agg(rec_hash::text || live::text, ',' order by rec_key)) as digest from students where district = ?")
        .param(d)
        .query()
        .singleRow();
  }

  private void waitUntilNoActiveLoad() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Long n =
          hub.jdbc()
              .sql(
                  "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
                      + " and (query like 'copy stage_%' or query like 'copy \"students%' or query like '%insert into students%' or query like '%update students%'"
                      + " or query like '%insert into \"students%' or query like '%attach partition%') and state <> 'idle'")
              .query(Long.class)
              .single();
      if (n == 0) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private Process childIngest(String district) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.pathways.hub.HubApplication",
                "ingest",
                "--district",
                district));
    hub.store()
        .args()
        .forEach(
            a ->
                cmd.add(
                    a.replace("--hub.data-dir=", "--data-dir=")
                        .replace("--hub.db-url=", "--db-url=")));
    cmd.add(bigFile.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(new java.io.File("target/crash-child.log")))
        .start();
  }
}
