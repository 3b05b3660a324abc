package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.support.FakeKms;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.vault.KeyFileWrapper;
import org.pathways.hub.vault.kms.AwsKmsWrapper;
import org.pathways.hub.vault.kms.KmsSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The master key's health: a real round trip, kept for a minute. */
class MasterKeyHealthIndicatorTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-11-30T07:00:00Z"));

  @Test
  void aKeyFileThatWrapsAndUnwrapsIsUp(@TempDir Path dir) throws Exception {
    Health health =
        new MasterKeyHealthIndicator(
                KeyFileWrapper.openOrCreate(dir.resolve("master-key.json")), clock)
            .health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("key").toString()).contains("master-key.json");
  }

  @Test
  void aKmsKeyDisabledOrDeniedIsDownOnceTheLastCheckIsAMinuteOld() throws Exception {
    try (FakeKms kms = FakeKms.start();
        AutoCloseable credentials = FakeKms.systemCredentials();
        AwsKmsWrapper key =
            AwsKmsWrapper.connect(new KmsSettings(kms.keyArn(), "us-east-1", kms.endpoint()))) {
      MasterKeyHealthIndicator indicator = new MasterKeyHealthIndicator(key, clock);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      int encrypts = kms.calls("Encrypt");

      kms.setState(kms.keyArn(), "Disabled");
      clock.advance(Duration.ofSeconds(30));
      assertThat(indicator.health().getStatus())
          .as("within the minute, the last answer stands")
          .isEqualTo(Status.UP);
      assertThat(kms.calls("Encrypt")).as("no call to KMS within the minute").isEqualTo(encrypts);

      clock.advance(Duration.ofSeconds(31));
      Health down = indicator.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails().get("error").toString()).contains("Disabled");
      assertThat(down.getDetails().get("key").toString()).contains(kms.keyArn());

      kms.setState(kms.keyArn(), "Enabled");
      kms.deny("Decrypt");
      clock.advance(MasterKeyHealthIndicator.EVERY);
      Health denied = indicator.health();
      assertThat(denied.getStatus()).isEqualTo(Status.DOWN);
      assertThat(denied.getDetails().get("error").toString()).contains("AccessDenied");

      kms.allow("Decrypt");
      clock.advance(MasterKeyHealthIndicator.EVERY);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }
  }
}
