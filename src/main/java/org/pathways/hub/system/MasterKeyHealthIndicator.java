package org.pathways.hub.system;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.WrappedKey;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The master key's health ({@code masterKey}): 32 random bytes wrapped and unwrapped with it. With
 * the key in a KMS, a key disabled, a permission taken away or the service out of reach stops every
 * received file from being stored; this says so before the night does.
 *
 * <p>A load balancer may ask every few seconds, and each check with a KMS is two billed,
 * rate-limited calls, so a result is kept for {@link #EVERY}. The probe is random and thrown away;
 * it is never a district's key.
 */
@Component
class MasterKeyHealthIndicator extends AbstractHealthIndicator {

  static final Duration EVERY = Duration.ofMinutes(1);

  private static final byte[] CONTEXT =
      "pathways hub health probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final KeyWrapper masterKey;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private Instant checkedAt;
  private String failure;

  MasterKeyHealthIndicator(KeyWrapper masterKey, Clock clock) {
    super("The vault's master key did not answer");
    this.masterKey = masterKey;
    this.clock = clock;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    health.withDetail("key", masterKey.describe());
    Instant now = clock.instant();
    String result;
    synchronized (this) {
      if (checkedAt == null || !now.isBefore(checkedAt.plus(EVERY))) {
        failure = roundTrip();
        checkedAt = now;
      }
      result = failure;
    }
    health.withDetail("checkedAt", checkedAt.toString());
    if (result == null) {
      health.up();
    } else {
      health.down().withDetail("error", result);
    }
  }

  /** Null when the key wrapped and unwrapped the probe, else what went wrong. */
  private String roundTrip() {
    byte[] probe = new byte[32];
    random.nextBytes(probe);
    try {
      WrappedKey wrapped = masterKey.wrap(probe, CONTEXT);
      byte[] back = masterKey.unwrap(wrapped.ciphertext(), CONTEXT);
      return Arrays.equals(back, probe) ? null : "the probe unwrapped to other bytes";
    } catch (java.security.GeneralSecurityException | java.io.IOException | RuntimeException e) {
      // The wrappers' messages name the key and the service's error code, never key material.
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
