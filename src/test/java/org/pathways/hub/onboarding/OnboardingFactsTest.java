package org.pathways.hub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.TimelineStep.Status;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.receive.SftpService;
import org.pathways.hub.support.SftpClients;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * What the timeline sees in a real store: a real SFTP sign-in, files received on chosen nights and
 * run through the pipeline (loaded, duplicate, rejected), read back on a fixed clock.
 */
class OnboardingFactsTest {

  static TestHub hub;
  static Path work;

  @BeforeAll
  static void start() throws Exception {
    hub =
        TestHub.start(
            TestStore.SERVER, "--sftp.enabled=true", "--sftp.port=0", "--sftp.host=127.0.0.1");
    hub.addDistrict("harmony-in-sd", State.IN, "harmony-in");
    hub.addDistrict("standard-tx", State.TX, "standard");
    hub.addDistrict("standard-in", State.IN, "standard");
    hub.addDistrict("skyq-tx", State.TX, "skyward-q-tx");
    work = Files.createTempDirectory("onboarding-facts-");
  }

  @AfterAll
  static void stop() {
    hub.close();
    TestFiles.deleteTree(work);
  }

  static Onboarding onboardingAt(String centralLocal) {
    Instant now = LocalDateTime.parse(centralLocal).atZone(OnboardingTimeline.CENTRAL).toInstant();
    return new Onboarding(
        hub.bean(OnboardingStore.class),
        hub.bean(ProfileResolver.class),
        hub.bean(ProfileCatalog.class),
        hub.bean(Worksheets.class),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  static District district(String code) {
    return hub.bean(DistrictRepository.class).find(code).orElseThrow();
  }

  static RunSummary receive(String name, String content, String centralLocal) throws IOException {
    Instant at = LocalDateTime.parse(centralLocal).atZone(OnboardingTimeline.CENTRAL).toInstant();
    try (InputStream in =
        new java.io.ByteArrayInputStream(
            content.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      List<RunSummary> runs =
          hub.bean(IngestService.class)
              .ingest(new IngestService.Received("harmony-in-sd", name, "sftp", at), in, b -> {});
      assertThat(runs).hasSize(1);
      return runs.get(0);
    }
  }

  static String fixture(String name) throws IOException {
    try (InputStream in =
        OnboardingFactsTest.class.getResourceAsStream("/fixtures/harmony-in/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void expectedDataSetsComeFromTheStateAndTheSisProfile() {
    Onboarding o = onboardingAt("2026-10-06T12:00");
    assertThat(o.expectedDataSets(district("harmony-in-sd")))
        .containsExactly(DataSet.STUDENTS, DataSet.GRADES);
    assertThat(o.expectedDataSets(district("standard-tx"))).containsExactly(DataSet.values());
    assertThat(o.expectedDataSets(district("standard-in")))
        .as("IBC are Texas only")
        .doesNotContain(DataSet.IBC)
        .hasSize(DataSet.values().length - 1);
    assertThat(o.expectedDataSets(district("skyq-tx")))
        .as("Skyward Qmlativ sends GPA inside the students file")
        .doesNotContain(DataSet.GPA)
        .contains(DataSet.IBC);
  }

  @Test
  void stepsAreDoneFromARealSftpSignInAndRealRunsOnTheCentralCalendar() throws Exception {
    District d = district("harmony-in-sd");
    Onboarding setup = onboardingAt("2026-10-05T09:00");
    // Harmony districts upload by hand by default; this one sends by SFTP.
    assertThat(setup.integration(d).method()).isEqualTo(TransferMethod.MANUAL);
    setup.saveSettings(d, TransferMethod.SFTP, null, 3, "eng@hub.test");
    setup.setDates(d, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 26), "eng@hub.test");
    assertThat(onboardingAt("2026-10-08T09:00").timeline(d).step(Step.SFTP_READY).status())
        .isEqualTo(Status.OVERDUE);

    String password =
        hub.bean(SftpAccounts.class).add(d.code(), "harmony-job", null, true).secret();
    int port = hub.bean(SftpService.class).port();
    SftpClients.Result login =
        SftpClients.paramiko(port, work, "harmony-job", password, "login", null, null);
    assertThat(login.exit()).as(login.output()).isZero();
    Instant seen = hub.bean(SftpAccounts.class).list(d.code()).get(0).lastLoginAt();
    assertThat(seen).isNotNull();
    TimelineStep signedIn = onboardingAt("2026-10-07T09:00").timeline(d).step(Step.SFTP_READY);
    assertThat(signedIn.status()).isEqualTo(Status.DONE);
    assertThat(signedIn.doneAt()).isEqualTo(seen);
    assertThat(signedIn.detail()).isEqualTo("An SFTP sign-in of the district was seen");
    // A later sign-in is the account's last, but the connection was set up by the first.
    SftpClients.Result again =
        SftpClients.paramiko(port, work, "harmony-job", password, "login", null, null);
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(hub.bean(SftpAccounts.class).list(d.code()).get(0).lastLoginAt()).isAfter(seen);
    assertThat(onboardingAt("2026-10-07T09:00").timeline(d).step(Step.SFTP_READY).doneAt())
        .isEqualTo(seen);

    // The night of the 6th: students loaded, grades rejected.
    String students = fixture("Harmony_Students.csv");
    String grades = fixture("Harmony_Grades.csv");
    assertThat(receive("Harmony_Students.csv", students, "2026-10-06T20:00").status())
        .isEqualTo(RunStatus.LOADED);
    assertThat(
            receive("Harmony_Grades.csv", "Nothing,Like,A\nGrades,File,Here\n", "2026-10-06T20:05")
                .status())
        .isEqualTo(RunStatus.REJECTED);
    Timeline first = onboardingAt("2026-10-07T09:00").timeline(d);
    // A file received by SFTP shows the connection as well as a sign-in does. The sign-in above
    // was on the real clock, after these October nights, so the first file is the earlier sign.
    TimelineStep sftp = first.step(Step.SFTP_READY);
    assertThat(sftp.status()).isEqualTo(Status.DONE);
    assertThat(sftp.doneBy()).isEqualTo(TimelineStep.HUB);
    assertThat(sftp.doneAt())
        .isEqualTo(
            LocalDateTime.parse("2026-10-06T20:00").atZone(OnboardingTimeline.CENTRAL).toInstant());
    assertThat(sftp.detail()).isEqualTo("A file of the district came by SFTP");
    assertThat(first.step(Step.FIRST_FILES).status()).isEqualTo(Status.OPEN);
    assertThat(first.step(Step.FIRST_FILES).detail())
        .contains("Loaded: students")
        .contains("missing: grades");
    assertThat(first.nights().get(0).missing()).containsExactly(DataSet.GRADES);

    // The 7th: grades loaded (students the same again: a duplicate still counts as sent); the
    // 8th and 9th both sent, the 9th after midnight but before 2 a.m.
    assertThat(receive("Harmony_Students.csv", students, "2026-10-07T20:00").status())
        .isEqualTo(RunStatus.DUPLICATE);
    assertThat(receive("Harmony_Grades.csv", grades, "2026-10-07T20:05").status())
        .isEqualTo(RunStatus.LOADED);
    receive("Harmony_Students.csv", students, "2026-10-08T23:00");
    receive("Harmony_Grades.csv", grades, "2026-10-08T23:05");
    receive("Harmony_Students.csv", students, "2026-10-10T01:00");
    receive("Harmony_Grades.csv", grades, "2026-10-10T01:40");

    Onboarding later = onboardingAt("2026-10-12T12:00");
    Timeline t = later.timeline(d);
    TimelineStep files = t.step(Step.FIRST_FILES);
    assertThat(files.status()).isEqualTo(Status.DONE);
    assertThat(files.doneAt())
        .isEqualTo(
            LocalDateTime.parse("2026-10-07T20:05").atZone(OnboardingTimeline.CENTRAL).toInstant());
    TimelineStep sends = t.step(Step.AUTOMATIC_SENDS);
    assertThat(sends.status()).isEqualTo(Status.DONE);
    assertThat(sends.detail()).contains("night of Fri 2026-10-09");
    assertThat(t.streak()).as("nothing came on the 10th or 11th").isZero();
    assertThat(t.nights().get(0).date()).isEqualTo(LocalDate.of(2026, 10, 11));
    assertThat(t.nights().get(0).missing()).isEqualTo(Set.of(DataSet.STUDENTS, DataSet.GRADES));

    // The worksheet was due on the 11th and is not marked: it stands out, and is the stage.
    assertThat(t.step(Step.WORKSHEET).status()).isEqualTo(Status.OVERDUE);
    OnboardingStage stage = later.stage(d, later.integration(d));
    assertThat(stage.current()).isEqualTo(Step.WORKSHEET);
    assertThat(stage.overdue()).isTrue();
    assertThat(stage.label()).isEqualTo("Data Validation Worksheet (past due)");

    later.mark(d, Step.WORKSHEET, "Received by email on the 9th", "eng@hub.test");
    later.mark(d, Step.VALIDATION, "Checked the counts", "eng@hub.test");
    Timeline marked = later.timeline(d);
    assertThat(marked.step(Step.WORKSHEET).doneBy()).isEqualTo("eng@hub.test");
    assertThat(marked.current()).get().extracting(TimelineStep::step).isEqualTo(Step.FINAL_REVIEW);
    assertThat(later.stage(d, later.integration(d)).overdue()).isFalse();

    later.unmark(d, Step.WORKSHEET);
    assertThat(later.timeline(d).step(Step.WORKSHEET).status()).isEqualTo(Status.OVERDUE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> later.unmark(d, Step.WORKSHEET))
        .hasMessageContaining("was not marked");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> later.mark(d, Step.TRAINING, "  ", "eng@hub.test"))
        .hasMessageContaining("note is required");
  }
}
