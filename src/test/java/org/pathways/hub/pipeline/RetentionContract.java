package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.StoreContract;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;

/**
 * Raw files past the retention policy (400 days by default) are deleted from the vault, each
 * deletion recorded; the runs stay listed and the loaded data stays live.
 */
abstract class RetentionContract extends StoreContract {

  private static Instant daysAgo(int days) {
    return Instant.now().minus(Duration.ofDays(days));
  }

  private RunSummary ingestAt(String district, String name, String content, Instant at)
      throws IOException {
    try (InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))) {
      List<RunSummary> runs =
          hub.bean(IngestService.class)
              .ingest(new IngestService.Received(district, name, "test", at), in, b -> {});
      assertThat(runs).hasSize(1);
      return runs.get(0);
    }
  }

  private StoredFile storedFileOf(long runId) {
    Map<String, Object> f =
        hub.jdbc()
            .sql(
                "select f.vault_key, f.sha256, f.size_bytes from received_file f join ingest_run r on r.received_file_id = f.id where r.id = ?")
            .param(runId)
            .query()
            .singleRow();
    return new StoredFile(
        (String) f.get("vault_key"), (String) f.get("sha256"), (Long) f.get("size_bytes"));
  }

  private static List<String> filesOf(Retention.Report report, String district) {
    return report.files().stream()
        .filter(f -> f.district().equals(district))
        .map(Retention.PurgedFile::fileName)
        .toList();
  }

  @Test
  void oldRawFilesArePurgedAndRecordedWhileTheirRunsStayListed() throws Exception {
    hub.addDistrict("ret-lone-star", State.TX, "standard");
    RunSummary old = ingestAt("ret-lone-star", "students.txt", Sample.students(20), daysAgo(500));
    RunSummary recent =
        ingestAt("ret-lone-star", "students_2.txt", Sample.students(21), daysAgo(10));
    assertThat(old.status()).isEqualTo(RunStatus.LOADED);
    assertThat(recent.status()).isEqualTo(RunStatus.LOADED);
    Vault vault = hub.bean(Vault.class);
    Retention retention = hub.bean(Retention.class);
    assertThat(retention.policy().days()).isEqualTo(400);

    Retention.Report dry = retention.purge("tester", true);
    assertThat(dry.dryRun()).isTrue();
    assertThat(filesOf(dry, "ret-lone-star")).containsExactly("students.txt");
    try (InputStream in = vault.open(storedFileOf(old.runId()))) {
      assertThat(in.readAllBytes()).hasSize((int) storedFileOf(old.runId()).size());
    }

    Retention.Report done = retention.purge("tester", false);
    assertThat(done.failures()).isEmpty();
    assertThat(filesOf(done, "ret-lone-star")).containsExactly("students.txt");
    assertThat(done.cutoff()).isBefore(daysAgo(399)).isAfter(daysAgo(401));
    Map<String, Object> record =
        hub.jdbc()
            .sql(
                "select f.purged_at, f.purged_by, f.purge_reason from received_file f join ingest_run r on r.received_file_id = f.id where r.id = ?")
            .param(old.runId())
            .query()
            .singleRow();
    assertThat(record.get("purged_at")).isNotNull();
    assertThat(record.get("purged_by")).isEqualTo("tester");
    assertThat(record.get("purge_reason")).isEqualTo("retention: received more than 400 days ago");

    assertThatThrownBy(() -> vault.open(storedFileOf(old.runId())))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("purged");
    try (InputStream in = vault.open(storedFileOf(recent.runId()))) {
      assertThat(in.readAllBytes()).isNotEmpty();
    }

    List<RunSummary> listed = hub.bean(RunStore.class).recent("ret-lone-star", 10);
    assertThat(listed).extracting(RunSummary::runId).contains(old.runId(), recent.runId());
    assertThat(hub.bean(RunStore.class).summary(old.runId(), 10).orElseThrow().filePurgedAt())
        .isNotNull();
    assertThat(hub.bean(RunStore.class).summary(recent.runId(), 10).orElseThrow().filePurgedAt())
        .isNull();
    assertThat(hub.count("ret-lone-star", "students")).isEqualTo(21);

    assertThat(filesOf(retention.purge("tester", false), "ret-lone-star")).isEmpty();
  }

  @Test
  void aHeldRunWhoseRawFileWasPurgedCannotBeReleasedButCanBeDiscarded() throws Exception {
    hub.addDistrict("ret-held", State.TX, "standard");
    ingestAt("ret-held", "students.txt", Sample.students(20), daysAgo(450));
    RunSummary held = ingestAt("ret-held", "students_2.txt", Sample.students(10), daysAgo(420));
    assertThat(held.status()).isEqualTo(RunStatus.HELD);

    assertThat(filesOf(hub.bean(Retention.class).purge("tester", false), "ret-held"))
        .containsExactlyInAnyOrder("students.txt", "students_2.txt");

    HeldRuns heldRuns = hub.bean(HeldRuns.class);
    assertThatThrownBy(() -> heldRuns.release(held.runId(), "engineer", "checked"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The raw file of run " + held.runId() + " (students_2.txt)")
        .hasMessageContaining("was purged")
        .hasMessageContaining("by tester");
    assertThat(hub.bean(RunStore.class).summary(held.runId(), 1).orElseThrow().status())
        .isEqualTo(RunStatus.HELD);
    assertThat(heldRuns.discard(held.runId(), "engineer", "too old").status())
        .isEqualTo(RunStatus.DISCARDED);
    assertThat(hub.count("ret-held", "students")).isEqualTo(20);
  }

  @Test
  void aFileWithARunStillWaitingIsKeptUntilItIsProcessed() throws Exception {
    hub.addDistrict("ret-waiting", State.TX, "standard");
    List<Long> ids =
        hub.bean(IngestService.class)
            .receive(
                new IngestService.Received("ret-waiting", "students.txt", "test", daysAgo(600)),
                new ByteArrayInputStream(Sample.students(5).getBytes(StandardCharsets.UTF_8)));
    Retention retention = hub.bean(Retention.class);
    assertThat(filesOf(retention.purge("tester", false), "ret-waiting")).isEmpty();

    assertThat(hub.bean(RunProcessor.class).process(ids.get(0), b -> {}).orElseThrow().status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(filesOf(retention.purge("tester", false), "ret-waiting"))
        .containsExactly("students.txt");
  }

  @Test
  void aFileThatCannotBeDeletedIsReportedAndLeftForTheNextPurge() throws Exception {
    hub.addDistrict("ret-stuck", State.TX, "standard");
    RunSummary old = ingestAt("ret-stuck", "students.txt", Sample.students(3), daysAgo(700));
    Vault real = hub.bean(Vault.class);
    Vault stuck =
        new Vault() {
          @Override
          public StoredFile store(String district, String fileName, InputStream content)
              throws IOException {
            return real.store(district, fileName, content);
          }

          @Override
          public InputStream open(StoredFile file) throws IOException {
            return real.open(file);
          }

          @Override
          public void delete(StoredFile file) throws IOException {
            throw new IOException("the bucket refused the delete");
          }
        };
    Retention retention =
        new Retention(
            hub.bean(RunStore.class),
            stuck,
            RetentionPolicy.days(400),
            hub.bean(org.springframework.transaction.support.TransactionTemplate.class),
            java.time.Clock.systemUTC());
    Retention.Report r = retention.purge("tester", false);
    assertThat(filesOf(r, "ret-stuck")).isEmpty();
    assertThat(r.failures())
        .anySatisfy(
            f ->
                assertThat(f)
                    .contains("(students.txt) of district ret-stuck")
                    .contains("the bucket refused the delete"));
    assertThat(hub.bean(RunStore.class).summary(old.runId(), 1).orElseThrow().filePurgedAt())
        .isNull();
    assertThat(filesOf(hub.bean(Retention.class).purge("tester", false), "ret-stuck"))
        .containsExactly("students.txt");
  }

  @Test
  void aShorterPolicyReachesMoreRecentFiles() throws Exception {
    hub.addDistrict("ret-short", State.TX, "standard");
    ingestAt("ret-short", "students.txt", Sample.students(3), daysAgo(10));
    Retention retention = hub.bean(Retention.class);
    assertThat(filesOf(retention.purge("tester", true), "ret-short")).isEmpty();
    Retention.Report week = retention.purge(RetentionPolicy.days(7), "tester", true);
    assertThat(filesOf(week, "ret-short")).containsExactly("students.txt");
    assertThat(week.files()).allSatisfy(f -> assertThat(f.size()).isPositive());

    assertThatThrownBy(() -> RetentionPolicy.days(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least a day");
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
