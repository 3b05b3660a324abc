package org.pathways.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.receive.InboxCrypto;
import org.pathways.hub.support.FakeKms;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * The hub with {@code hub.vault.master-key=aws-kms}, against a server that speaks KMS's protocol
 * and really encrypts (started here, with the SDK's credentials given as system properties): files
 * are stored and read back across restarts, the database holds district keys only as KMS
 * ciphertexts, a key that is not there stops the start, and a hub whose key file wrapped its keys
 * moves to KMS without losing a file.
 */
class AwsKmsVaultTest {

  /** DistrictKeys' associated data for a district's keyset: the stored format, stated again. */
  private static final String KEYSET_AD = "pathways-hub/vault/keyset/v1:";

  private FakeKms kms;
  private AutoCloseable credentials;

  @BeforeEach
  void startKms() throws IOException {
    Tink.init();
    kms = FakeKms.start();
    credentials = FakeKms.systemCredentials();
  }

  @AfterEach
  void stopKms() throws Exception {
    credentials.close();
    kms.close();
  }

  /** The hub's arguments for the fake KMS, with some of them replaced. */
  private String[] kmsArgs(String... replaced) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String arg : kms.hubArgs()) {
      args.put(arg.substring(0, arg.indexOf('=')), arg);
    }
    for (String arg : replaced) {
      args.put(arg.substring(0, arg.indexOf('=')), arg);
    }
    return args.values().toArray(String[]::new);
  }

  private String kmsVersion() {
    return "aws-kms:" + kms.keyArn();
  }

  private static byte[] studentsFile() {
    return (Sample.students(50)
            + "9999|6999999999|Zephyrine|Quillfeather|2009-01-01|09|255901001|A|FHSP\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] readAll(Vault vault, StoredFile f) throws IOException {
    try (InputStream in = vault.open(f)) {
      return in.readAllBytes();
    }
  }

  private static StoredFile store(TestHub hub, String district, byte[] content) throws IOException {
    return hub.bean(Vault.class).store(district, "Students.csv", new ByteArrayInputStream(content));
  }

  private static String masterVersion(TestHub hub, String district) {
    return hub.jdbc()
        .sql("select master_version from vault_keyset where district = ?")
        .param(district)
        .query(String.class)
        .single();
  }

  private static Map<String, String> context(String district) {
    return Map.of(
        "pathways-hub",
        Base64.getEncoder()
            .encodeToString((KEYSET_AD + district).getBytes(StandardCharsets.UTF_8)));
  }

  /** How many values of any bytea column of the hub's database hold these bytes. */
  private static long rowsHolding(TestHub hub, byte[] bytes) {
    List<Map<String, Object>> columns =
        hub.jdbc()
            .sql(
                "select table_name, column_name from information_schema.columns"
                    + " where table_schema = current_schema() and data_type = 'bytea'")
            .query()
            .listOfRows();
    assertThat(columns).isNotEmpty();
    long n = 0;
    for (Map<String, Object> c : columns) {
      n +=
          hub.jdbc()
              .sql(
                  "select count(*) from \""
                      + c.get("table_name")
                      + "\" where position(? in \""
                      + c.get("column_name")
                      + "\") > 0")
              .param(bytes)
              .query(Long.class)
              .single();
    }
    return n;
  }

  /** Opens the SFTP inbox key, making it on the first call, as the first upload does. */
  private static void touchInboxKey(TestHub hub, Path dir) throws IOException {
    Path probe = TestFiles.write(dir, "inbox-probe-" + System.nanoTime(), "");
    hub.bean(InboxCrypto.class)
        .channel(FileChannel.open(probe, StandardOpenOption.WRITE), new byte[16])
        .close();
  }

  @Test
  void theHubStoresAndReadsBackFilesAndTheDatabaseHoldsNoKeysetInClear(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    TestStore.Prepared store = TestStore.embeddedAt(data);
    byte[] content = studentsFile();
    StoredFile stored;
    try (TestHub hub = TestHub.start(store, kmsArgs())) {
      assertThat(hub.bean(KeyWrapper.class).describe()).contains(kms.keyArn());
      hub.addDistrict("kms-isd", State.TX, "standard");
      assertThat(hub.ingestOne("kms-isd", "students.txt", Sample.students(5)).status())
          .isEqualTo(RunStatus.LOADED);
      assertThat(hub.count("kms-isd", "students")).isEqualTo(5);
      stored = store(hub, "kms-isd", content);
      assertThat(readAll(hub.bean(Vault.class), stored)).isEqualTo(content);

      assertThat(masterVersion(hub, "kms-isd")).isEqualTo(kmsVersion());
      byte[] wrapped =
          hub.jdbc()
              .sql("select keyset from vault_keyset where district = 'kms-isd'")
              .query(byte[].class)
              .single();
      assertThatThrownBy(
              () ->
                  TinkProtoKeysetFormat.parseKeyset(
                      wrapped, InsecureSecretKeyAccess.get(), RegistryConfiguration.get()))
          .isInstanceOf(GeneralSecurityException.class);
      // Only the KMS key opens it, and only for its own district.
      byte[] clear = kms.decrypt(wrapped, context("kms-isd"));
      KeysetHandle keyset =
          TinkProtoKeysetFormat.parseKeyset(
              clear, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
      assertThat(keyset.size()).isEqualTo(1);
      assertThatThrownBy(() -> kms.decrypt(wrapped, context("other-isd")))
          .isInstanceOf(GeneralSecurityException.class);
      assertThat(rowsHolding(hub, clear)).as("rows holding the keyset in clear").isZero();
      assertThat(rowsHolding(hub, wrapped)).as("the wrapped keyset is found").isEqualTo(1);

      touchInboxKey(hub, dir);
      assertThat(
              hub.jdbc().sql("select master_version from inbox_key").query(String.class).single())
          .isEqualTo(kmsVersion());
    }
    assertThat(data.resolve("keys").resolve("master-key.json"))
        .as("no key file is made beside KMS")
        .doesNotExist();

    // A restart has nothing unwrapped: it asks KMS again, and reads what was stored.
    int decrypts = kms.calls("Decrypt");
    try (TestHub hub = TestHub.start(store, kmsArgs())) {
      assertThat(readAll(hub.bean(Vault.class), stored)).isEqualTo(content);
      assertThat(kms.calls("Decrypt")).isGreaterThan(decrypts);
      StoredFile again = store(hub, "kms-isd", content);
      assertThat(readAll(hub.bean(Vault.class), again)).isEqualTo(content);

      // A district's keyset grows with each of its rotations, up to what KMS encrypts.
      DistrictKeys keys = hub.bean(DistrictKeys.class);
      int rotations = 0;
      while (rotations < 40) {
        try {
          keys.rotateDistrictKey("kms-isd");
          rotations++;
        } catch (IllegalStateException e) {
          assertThat(e).hasMessageContaining("AWS KMS encrypts 1 to 4096 bytes");
          break;
        }
      }
      assertThat(rotations).isBetween(28, 30);
      assertThat(keys.status("kms-isd").orElseThrow().keys()).isEqualTo(rotations + 1);
      assertThat(readAll(hub.bean(Vault.class), stored)).isEqualTo(content);

      // KMS rotates its own key material: the hub makes no version and re-wraps nothing.
      DistrictKeys.MasterRotation r = hub.bean(DistrictKeys.class).rotateMasterKey();
      assertThat(r.masterVersion()).isEqualTo(kmsVersion());
      assertThat(r.rewrapped()).isZero();
      assertThat(hub.bean(KeyWrapper.class).rotatedOutside())
          .hasValueSatisfying(s -> assertThat(s).contains("enable-key-rotation"));
      assertThat(readAll(hub.bean(Vault.class), stored)).isEqualTo(content);
    }

    // A key KMS will not use stops the start, before any file waits on it.
    kms.setState(kms.keyArn(), "Disabled");
    assertThatThrownBy(() -> TestHub.start(store, kmsArgs()).close())
        .hasStackTraceContaining(kms.keyArn() + ") is Disabled, not Enabled");
  }

  @Test
  void aDistrictKeysetFitsWhatKmsEncryptsForYearsOfRotations() throws Exception {
    KeysetHandle keyset =
        KeysetHandle.generateNew(DistrictKeys.FILE_KEY, RegistryConfiguration.get());
    int fit = 0;
    while (TinkProtoKeysetFormat.serializeKeyset(
                keyset, InsecureSecretKeyAccess.get(), RegistryConfiguration.get())
            .length
        <= 4096) {
      fit = keyset.size();
      // As vault rotate-key does.
      keyset =
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(DistrictKeys.FILE_KEY)
                      .withRandomId()
                      .makePrimary())
              .build();
    }
    // A key id takes four or five bytes, so the count moves by one between keysets.
    assertThat(fit).as("keys of a district keyset that KMS encrypts").isBetween(29, 31);
  }

  @Test
  void aMissingOrWrongKeyIdStopsTheStartWithTheReason(@TempDir Path dir) {
    TestStore.Prepared store = TestStore.embeddedAt(dir.resolve("data"));
    assertThatThrownBy(
            () ->
                TestHub.start(
                        store,
                        "--hub.vault.master-key=aws-kms",
                        "--hub.vault.kms.region=" + FakeKms.REGION)
                    .close())
        .hasStackTraceContaining("hub.vault.master-key=aws-kms needs hub.vault.kms.key-id");

    assertThatThrownBy(
            () ->
                TestHub.start(store, kmsArgs("--hub.vault.kms.key-id=alias/not-the-hubs")).close())
        .hasStackTraceContaining(
            "The AWS KMS key alias/not-the-hubs in us-east-1 at "
                + kms.endpoint()
                + " (hub.vault.kms.key-id) cannot be described: NotFoundException")
        .hasStackTraceContaining("kms:DescribeKey, kms:Encrypt and kms:Decrypt");
    assertThat(dir.resolve("data").resolve("keys").resolve("master-key.json")).doesNotExist();
  }

  @Test
  void aHubMovesFromItsKeyFileToKmsWithoutLosingAFile(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    TestStore.Prepared store = TestStore.embeddedAt(data);
    Path keyFile = data.resolve("keys").resolve("master-key.json");
    Path aside = dir.resolve("master-key-aside.json");
    byte[] content = studentsFile();
    StoredFile before;
    try (TestHub hub = TestHub.start(store)) {
      before = store(hub, "moving-isd", content);
      touchInboxKey(hub, dir);
      assertThat(masterVersion(hub, "moving-isd")).startsWith("key-file:");
    }
    assertThat(keyFile).exists();

    // KMS alone cannot open what the key file wrapped: without the file the start says so.
    Files.move(keyFile, aside);
    assertThatThrownBy(() -> TestHub.start(store, kmsArgs()).close())
        .hasStackTraceContaining(
            "1 district vault keys in the database are wrapped by the master key file "
                + keyFile
                + ", which is missing");
    Files.move(aside, keyFile);

    try (TestHub hub = TestHub.start(store, kmsArgs())) {
      Vault vault = hub.bean(Vault.class);
      assertThat(readAll(vault, before)).isEqualTo(content);
      StoredFile fresh = store(hub, "new-isd", content);
      assertThat(readAll(vault, fresh)).isEqualTo(content);
      assertThat(masterVersion(hub, "new-isd")).isEqualTo(kmsVersion());
      assertThat(masterVersion(hub, "moving-isd")).startsWith("key-file:");

      // As vault rotate-master-key does: what the key file wrapped is re-wrapped by KMS.
      DistrictKeys.MasterRotation r = hub.bean(DistrictKeys.class).rotateMasterKey();
      assertThat(r.masterVersion()).isEqualTo(kmsVersion());
      assertThat(r.rewrapped()).isEqualTo(1);
      assertThat(hub.bean(InboxCrypto.class).rewrap()).isTrue();
      assertThat(masterVersion(hub, "moving-isd")).isEqualTo(kmsVersion());
      assertThat(hub.bean(DistrictKeys.class).rewrapAll()).isZero();
      assertThat(readAll(vault, before)).isEqualTo(content);
    }

    // Everything is KMS's now: the key file can go, and every file and the inbox key still open.
    Files.move(keyFile, aside);
    try (TestHub hub = TestHub.start(store, kmsArgs())) {
      assertThat(hub.bean(KeyWrapper.class).describe()).doesNotContain("master-key");
      assertThat(readAll(hub.bean(Vault.class), before)).isEqualTo(content);
      touchInboxKey(hub, dir);
    }

    // Back to the key file the hub refuses: it opens none of the keys KMS wrapped.
    Files.move(aside, keyFile);
    assertThatThrownBy(() -> TestHub.start(store).close())
        .hasStackTraceContaining(
            "2 district vault keys in the database are wrapped by the AWS KMS key "
                + kms.keyArn()
                + ", not by a key file: set hub.vault.master-key=aws-kms");
  }
}
