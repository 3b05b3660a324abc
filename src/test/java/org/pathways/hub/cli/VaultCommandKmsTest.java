package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.support.FakeKms;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestStore;

/**
 * {@code vault rotate-master-key} with the master key in AWS KMS (a server speaking KMS's protocol,
 * started here): it says that KMS rotates the key, and re-wraps what the key file wrapped before.
 * The command's settings are given as system properties, as the environment would give them.
 */
class VaultCommandKmsTest {

  @Test
  void rotateMasterKeySaysKmsRotatesTheKeyAndReWrapsWhatTheKeyFileWrapped(@TempDir Path tmp)
      throws Exception {
    TestStore.Prepared store = TestStore.EMBEDDED.prepare();
    Map<String, String> saved = new HashMap<>();
    try (FakeKms kms = FakeKms.start();
        AutoCloseable credentials = FakeKms.systemCredentials()) {
      Cli cli = new Cli(store);
      Cli.Result added =
          cli.run(
              "district",
              "add",
              "--code",
              "kms-cli",
              "--name",
              "KMS ISD",
              "--state",
              "TX",
              "--sis",
              "standard");
      assertThat(added.status()).as(added.toString()).isZero();
      Cli.Result ingested =
          cli.run(
              "ingest",
              "--json",
              "--district",
              "kms-cli",
              TestFiles.write(tmp, "students.txt", Sample.students(5)).toString());
      assertThat(ingested.json()).as(ingested.toString()).hasSize(1);

      // From here on every command's master key is the KMS key.
      for (String arg : kms.hubArgs()) {
        int eq = arg.indexOf('=');
        String name = arg.substring(2, eq);
        saved.put(name, System.getProperty(name));
        System.setProperty(name, arg.substring(eq + 1));
      }
      Cli.Result first = cli.run("vault", "rotate-master-key");
      assertThat(first.status()).as(first.toString()).isZero();
      assertThat(first.lines())
          .containsExactly(
              "AWS KMS rotates the key material of "
                  + kms.keyArn()
                  + " itself, keeping the old material to decrypt what it encrypted, so the hub"
                  + " makes no new master key version. Turn on automatic rotation (aws kms"
                  + " enable-key-rotation --key-id "
                  + kms.keyArn()
                  + "), or rotate it now (aws kms rotate-key-on-demand --key-id "
                  + kms.keyArn()
                  + "), as a key administrator.",
              "Master key aws-kms:"
                  + kms.keyArn()
                  + " is primary; 1 district keys wrapped by an earlier master key re-wrapped"
                  + " with it");

      Cli.Result second = cli.run("vault", "rotate-master-key");
      assertThat(second.status()).as(second.toString()).isZero();
      assertThat(second.lines().get(1))
          .isEqualTo(
              "Master key aws-kms:"
                  + kms.keyArn()
                  + " is primary; 0 district keys wrapped by an earlier master key re-wrapped"
                  + " with it");
    } finally {
      saved.forEach(
          (name, value) -> {
            if (value == null) {
              System.clearProperty(name);
            } else {
              System.setProperty(name, value);
            }
          });
      store.drop();
    }
  }
}
