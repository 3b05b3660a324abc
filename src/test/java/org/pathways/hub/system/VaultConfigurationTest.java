package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.Retention;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.pathways.hub.vault.BlobStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The vault's settings, their defaults and refusals, and how the hub builds the vault from them.
 */
class VaultConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(VaultProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  @Test
  void defaultsAreTheLocalDiskAKeyFileInTheDataDirectoryAnd400Days() {
    runner.run(
        ctx -> {
          VaultProperties p = ctx.getBean(VaultProperties.class);
          assertThat(p.backend()).isEqualTo(VaultProperties.Backend.LOCAL);
          assertThat(p.retentionDays()).isEqualTo(400);
          assertThat(p.purgeCron()).isEqualTo("0 30 3 * * *");
          assertThat(p.masterKeyFile()).isNull();
          assertThat(p.masterKeyFile(Path.of("/srv/hub")))
              .isEqualTo(Path.of("/srv/hub/keys/master-key.json"));
          assertThat(p.s3().region()).isEqualTo("us-east-1");
          assertThat(p.s3().partSizeMb()).isEqualTo(16);
          assertThat(p.s3().endpoint()).isNull();
          assertThat(p.masterKey()).isEqualTo(VaultProperties.MasterKey.FILE);
          assertThat(p.kms().keyId()).isNull();
        });
  }

  @Test
  void awsKmsSettingsBind() {
    runner
        .withPropertyValues(
            "hub.vault.master-key=aws-kms",
            "hub.vault.kms.key-id=alias/pathways-hub",
            "hub.vault.kms.region=us-west-2",
            "hub.vault.kms.endpoint=https://vpce-0abc.kms.us-west-2.vpce.amazonaws.com")
        .run(
            ctx -> {
              VaultProperties p = ctx.getBean(VaultProperties.class);
              assertThat(p.masterKey()).isEqualTo(VaultProperties.MasterKey.AWS_KMS);
              var settings = p.kms().settings();
              assertThat(settings.keyId()).isEqualTo("alias/pathways-hub");
              assertThat(settings.region()).isEqualTo("us-west-2");
              assertThat(settings.endpoint())
                  .isEqualTo(URI.create("https://vpce-0abc.kms.us-west-2.vpce.amazonaws.com"));
            });
    // The region may come from the key's ARN instead.
    var byArn =
        new VaultProperties.Kms(
                "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                " ",
                null)
            .settings();
    assertThat(byArn.region()).isNull();
  }

  @Test
  void s3SettingsBindAndHideTheirSecrets() {
    runner
        .withPropertyValues(
            "hub.vault.backend=s3",
            "hub.vault.master-key-file=/etc/hub/master.json",
            "hub.vault.s3.endpoint=http://127.0.0.1:9000",
            "hub.vault.s3.region=eu-west-1",
            "hub.vault.s3.bucket=hub-raw",
            "hub.vault.s3.access-key=AKIAEXAMPLE",
            "hub.vault.s3.secret-key=very-secret-value",
            "hub.vault.retention-days=30")
        .run(
            ctx -> {
              VaultProperties p = ctx.getBean(VaultProperties.class);
              assertThat(p.backend()).isEqualTo(VaultProperties.Backend.S3);
              assertThat(p.masterKeyFile(Path.of("/ignored")))
                  .isEqualTo(Path.of("/etc/hub/master.json"));
              assertThat(p.s3().endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
              assertThat(p.s3().bucket()).isEqualTo("hub-raw");
              assertThat(p.retentionDays()).isEqualTo(30);
              assertThat(p.toString())
                  .contains("hub-raw")
                  .doesNotContain("very-secret-value")
                  .doesNotContain("AKIAEXAMPLE");
              var settings = VaultConfiguration.s3Settings(p.s3());
              assertThat(settings.partSizeBytes()).isEqualTo(16 << 20);
              assertThat(settings.toString())
                  .doesNotContain("very-secret-value")
                  .doesNotContain("AKIAEXAMPLE");
            });
  }

  @Test
  void wrongSettingsAreRefusedAtStart() {
    for (String[] wrong :
        new String[][] {
          {"hub.vault.colour=blue"},
          {"hub.vault.s3.bukket=typo"},
          {"hub.vault.backend=s3"},
          {"hub.vault.backend=floppy"},
          {"hub.vault.retention-days=0"},
          {"hub.vault.purge-cron=every night"},
          {"hub.vault.master-key=aws-kms"},
          {"hub.vault.master-key=hsm"},
          {"hub.vault.kms.kee-id=typo"}
        }) {
      runner.withPropertyValues(wrong).run(ctx -> assertThat(ctx).as(wrong[0]).hasFailed());
    }
    assertThatThrownBy(
            () ->
                VaultConfiguration.s3Settings(
                    new VaultProperties.S3(null, "us-east-1", "b", "only-the-id", null, 16)))
        .hasMessageContaining("both");
    assertThatThrownBy(
            () ->
                VaultConfiguration.s3Settings(
                    new VaultProperties.S3(null, "us-east-1", "b", null, null, 4)))
        .hasMessageContaining("5 MB");
  }

  @Test
  void aMissingMasterKeyFileWithKeysInTheDatabaseStopsTheHub(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    TestStore.Prepared store = TestStore.embeddedAt(data);
    try (TestHub hub = TestHub.start(store)) {
      hub.addDistrict("lost-key-isd", State.TX, "standard");
      assertThat(hub.ingestOne("lost-key-isd", "students.txt", Sample.students(3)).status())
          .isEqualTo(RunStatus.LOADED);
      assertThat(hub.bean(BlobStore.class).describe()).contains(data.resolve("vault").toString());
    }
    Path keys = data.resolve("keys");
    Path moved = Files.move(keys, dir.resolve("keys-elsewhere"));
    assertThatThrownBy(() -> TestHub.start(store).close())
        .rootCause()
        .hasMessageContaining("master key file " + keys.resolve("master-key.json"))
        .hasMessageContaining("is missing, but 1 district vault keys");
    assertThat(keys.resolve("master-key.json")).doesNotExist();

    // Pointed at the moved file, the hub starts and reads what it stored before.
    try (TestHub hub =
        TestHub.start(store, "--hub.vault.master-key-file=" + moved.resolve("master-key.json"))) {
      assertThat(hub.ingestOne("lost-key-isd", "students.txt", Sample.students(4)).status())
          .isEqualTo(RunStatus.LOADED);
      Retention.Report none = hub.bean(Retention.class).purge("tester", true);
      assertThat(none.files()).isEmpty();

      RetentionSchedule schedule =
          new RetentionSchedule(
              hub.bean(Retention.class),
              hub.bean(VaultProperties.class),
              hub.bean(org.pathways.hub.vault.BlobStore.class),
              hub.bean(java.time.Clock.class),
              hub.bean(org.pathways.hub.serve.ChangeFeed.class));
      ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
      schedule.configureTasks(registrar);
      assertThat(registrar.getCronTaskList())
          .singleElement()
          .satisfies(t -> assertThat(t.getExpression()).isEqualTo("0 30 3 * * *"));
      schedule.purge(); // nothing is old enough: it deletes nothing
      assertThat(hub.count("lost-key-isd", "students")).isEqualTo(4);
    }
  }
}
