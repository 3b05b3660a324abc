package org.pathways.hub.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.pathways.hub.vault.BlobOutput;
import org.pathways.hub.vault.BlobStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The vault's health ({@code vault}): a tiny blob written, read back and deleted through the same
 * store the vault writes received files to. A writable directory or an answering bucket is what
 * lets the hub acknowledge a file, so that is what is checked, rather than a listing that works on
 * a read-only disk. The probe holds no district data and no key; it is unencrypted on purpose.
 */
@Component
class VaultHealthIndicator extends AbstractHealthIndicator {

  private static final byte[] PROBE = "pathways hub health probe".getBytes(StandardCharsets.UTF_8);

  private final BlobStore store;

  VaultHealthIndicator(BlobStore store) {
    super("The vault's store did not answer");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) throws IOException {
    health.withDetail("store", store.describe());
    // A fresh key each time: blobs are written once, and two nodes may probe at the same moment.
    String key = "_health/probe-" + UUID.randomUUID();
    try {
      try (BlobOutput out = store.create(key)) {
        out.write(PROBE);
        out.commit();
      }
      byte[] read;
      try (InputStream in = store.open(key)) {
        read = in.readAllBytes();
      }
      if (!Arrays.equals(read, PROBE)) {
        health.down().withDetail("error", "a blob read back differs from what was written");
        return;
      }
    } finally {
      store.delete(key);
    }
    health.up();
  }
}
