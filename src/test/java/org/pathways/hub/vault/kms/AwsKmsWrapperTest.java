package org.pathways.hub.vault.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.support.FakeKms;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.vault.HandoverWrapper;
import org.pathways.hub.vault.KeyFileWrapper;
import org.pathways.hub.vault.WrappedKey;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The master key in AWS KMS, against a server that speaks KMS's protocol and really encrypts: what
 * it wraps unwraps only for the same associated data and under the same key, a key that will not do
 * is refused when the hub starts, and KMS's errors are named without a byte of what was wrapped.
 */
class AwsKmsWrapperTest {

  private static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create(FakeKms.ACCESS_KEY, FakeKms.SECRET_KEY));

  private FakeKms kms;

  @BeforeEach
  void startKms() throws IOException {
    kms = FakeKms.start();
  }

  @AfterEach
  void stopKms() {
    kms.close();
  }

  private KmsSettings settings(String keyId) {
    return new KmsSettings(keyId, FakeKms.REGION, kms.endpoint());
  }

  private AwsKmsWrapper connect(String keyId) {
    return AwsKmsWrapper.connect(settings(keyId), CREDENTIALS);
  }

  private static byte[] ad(String district) {
    return ("pathways-hub/vault/keyset/v1:" + district).getBytes(StandardCharsets.UTF_8);
  }

  /** A stand-in for a serialized keyset: random bytes around a recognisable marker. */
  private static byte[] keyset(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    byte[] marker = "type.googleapis.com/google.crypto.tink".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, b, 10, marker.length);
    return b;
  }

  @Test
  void aWrappedKeysetUnwrapsOnlyForItsOwnDistrictAndUnderItsOwnKey() throws Exception {
    byte[] keyset = keyset(700);
    try (AwsKmsWrapper master = connect(FakeKms.ALIAS)) {
      // The alias is resolved once: the version names the key itself, whatever the alias does.
      assertThat(master.primaryVersion()).isEqualTo("aws-kms:" + kms.keyArn());
      WrappedKey wrapped = master.wrap(keyset, ad("district-a"));
      assertThat(wrapped.masterVersion()).isEqualTo(master.primaryVersion());
      byte[] ciphertext = wrapped.ciphertext();
      assertThat(TestFiles.indexOf(ciphertext, "googleapis".getBytes(StandardCharsets.US_ASCII)))
          .isNegative();
      assertThat(master.wrap(keyset, ad("district-a")).ciphertext()).isNotEqualTo(ciphertext);

      assertThat(master.unwrap(ciphertext, ad("district-a"))).isEqualTo(keyset);
      // What KMS was asked: the associated data whole, as Base64, under one entry.
      assertThat(
              kms.decrypt(
                  ciphertext,
                  Map.of("pathways-hub", Base64.getEncoder().encodeToString(ad("district-a")))))
          .isEqualTo(keyset);

      assertThatThrownBy(() -> master.unwrap(ciphertext, ad("district-b")))
          .isInstanceOf(GeneralSecurityException.class)
          .hasMessageContaining(kms.keyArn())
          .hasMessageContaining("InvalidCiphertextException");
      byte[] altered = ciphertext.clone();
      altered[altered.length - 20] ^= 0x01;
      assertThatThrownBy(() -> master.unwrap(altered, ad("district-a")))
          .isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> master.unwrap(new byte[0], ad("district-a")))
          .isInstanceOf(GeneralSecurityException.class);

      // Another key's ciphertext is refused, though these credentials may use that key too.
      try (AwsKmsWrapper other = connect(kms.createKey())) {
        byte[] theirs = other.wrap(keyset, ad("district-a")).ciphertext();
        assertThat(other.unwrap(theirs, ad("district-a"))).isEqualTo(keyset);
        assertThatThrownBy(() -> master.unwrap(theirs, ad("district-a")))
            .isInstanceOf(GeneralSecurityException.class)
            .hasMessageContaining("IncorrectKeyException");
      }
    }
  }

  @Test
  void theKeyIsNamedByItsArnAndRotatedByKmsItself(@TempDir Path dir) throws Exception {
    try (AwsKmsWrapper master = connect(kms.keyArn())) {
      WrappedKey before = master.wrap(keyset(100), ad("d"));
      assertThat(master.describe())
          .contains(kms.keyArn())
          .doesNotContain(FakeKms.SECRET_KEY)
          .doesNotContain(FakeKms.ACCESS_KEY);
      assertThat(master.toString()).contains(kms.keyArn());

      assertThat(master.rotate()).isEqualTo(before.masterVersion());
      assertThat(master.primaryVersion()).isEqualTo(before.masterVersion());
      assertThat(master.rotatedOutside())
          .hasValueSatisfying(
              s ->
                  assertThat(s)
                      .contains("aws kms enable-key-rotation --key-id " + kms.keyArn())
                      .contains("aws kms rotate-key-on-demand --key-id " + kms.keyArn()));
      assertThat(master.unwrap(before.ciphertext(), ad("d"))).isEqualTo(keyset(100));
    }
    // The key file, by contrast, rotates by itself.
    assertThat(KeyFileWrapper.openOrCreate(dir.resolve("master-key.json")).rotatedOutside())
        .isEmpty();
  }

  @Test
  void aKeyThatWillNotDoIsRefusedWhenConnectingWithItsReason() throws Exception {
    assertThatThrownBy(() -> new KmsSettings(" ", FakeKms.REGION, null))
        .hasMessageContaining("hub.vault.kms.key-id");

    assertThatThrownBy(() -> connect("alias/not-the-hubs"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("alias/not-the-hubs")
        .hasMessageContaining("cannot be described: NotFoundException")
        .hasMessageContaining("kms:DescribeKey, kms:Encrypt and kms:Decrypt");

    kms.deny("DescribeKey");
    assertThatThrownBy(() -> connect(FakeKms.ALIAS))
        .hasMessageContaining("cannot be described: AccessDeniedException");
    kms.allow("DescribeKey");

    AwsCredentialsProvider others =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAOTHERSOMEONE0000", "not-the-secret"));
    assertThatThrownBy(() -> AwsKmsWrapper.connect(settings(FakeKms.ALIAS), others))
        .hasMessageContaining("UnrecognizedClientException")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret"));

    String disabled = kms.createKey();
    kms.setState(disabled, "Disabled");
    assertThatThrownBy(() -> connect(disabled)).hasMessageContaining("is Disabled, not Enabled");
    String doomed = kms.createKey();
    kms.setState(doomed, "PendingDeletion");
    assertThatThrownBy(() -> connect(doomed))
        .hasMessageContaining("is PendingDeletion")
        .hasMessageContaining("aws kms cancel-key-deletion");
    String signing = kms.createKey("RSA_2048", "SIGN_VERIFY");
    assertThatThrownBy(() -> connect(signing))
        .hasMessageContaining("RSA_2048 key for SIGN_VERIFY")
        .hasMessageContaining("SYMMETRIC_DEFAULT");

    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    KmsSettings nowhere =
        new KmsSettings(
            FakeKms.ALIAS, FakeKms.REGION, URI.create("http://127.0.0.1:" + closedPort));
    assertThatThrownBy(() -> AwsKmsWrapper.connect(nowhere, CREDENTIALS))
        .hasMessageContaining("cannot be described")
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void errorsWhileServingNameKmsAndCarryNothingOfTheKey() throws Exception {
    byte[] keyset = keyset(300);
    String clear = Base64.getEncoder().encodeToString(keyset);
    try (AwsKmsWrapper master = connect(FakeKms.ALIAS)) {
      byte[] wrapped = master.wrap(keyset, ad("d")).ciphertext();

      kms.deny("Decrypt");
      assertThatThrownBy(() -> master.unwrap(wrapped, ad("d")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(kms.keyArn())
          .hasMessageContaining("AccessDeniedException")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(clear));
      kms.allow("Decrypt");

      kms.setState(kms.keyArn(), "Disabled");
      assertThatThrownBy(() -> master.wrap(keyset, ad("d")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("DisabledException")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(clear));
      kms.setState(kms.keyArn(), "Enabled");

      // KMS encrypts at most 4 KB; the hub says so before sending it.
      int encrypts = kms.calls("Encrypt");
      assertThatThrownBy(() -> master.wrap(new byte[4097], ad("d")))
          .isInstanceOf(GeneralSecurityException.class)
          .hasMessageContaining("4096");
      assertThat(kms.calls("Encrypt")).isEqualTo(encrypts);
      assertThat(master.unwrap(master.wrap(new byte[4096], ad("d")).ciphertext(), ad("d")))
          .hasSize(4096);
    }
  }

  @Test
  void whatTheKeyFileWrappedBeforeStillUnwrapsAfterKmsTookOver(@TempDir Path dir) throws Exception {
    KeyFileWrapper file = KeyFileWrapper.openOrCreate(dir.resolve("master-key.json"));
    byte[] keyset = keyset(500);
    WrappedKey old = file.wrap(keyset, ad("d"));
    try (HandoverWrapper master = new HandoverWrapper(connect(FakeKms.ALIAS), file)) {
      assertThat(master.primaryVersion()).isEqualTo("aws-kms:" + kms.keyArn());
      assertThat(master.describe()).contains(kms.keyArn()).contains("master-key.json");
      assertThat(master.unwrap(old.ciphertext(), ad("d"))).isEqualTo(keyset);

      WrappedKey fresh = master.wrap(keyset, ad("d"));
      assertThat(fresh.masterVersion()).isEqualTo("aws-kms:" + kms.keyArn());
      assertThat(master.unwrap(fresh.ciphertext(), ad("d"))).isEqualTo(keyset);
      assertThatThrownBy(() -> file.unwrap(fresh.ciphertext(), ad("d")))
          .isInstanceOf(GeneralSecurityException.class);

      // Neither key opens it for another district, and both refusals are kept.
      assertThatThrownBy(() -> master.unwrap(old.ciphertext(), ad("e")))
          .isInstanceOf(GeneralSecurityException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
      assertThat(master.rotatedOutside()).isPresent();

      // KMS out of reach is an error of its own, not a reason to try the key file.
      kms.deny("Decrypt");
      assertThatThrownBy(() -> master.unwrap(old.ciphertext(), ad("d")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("AccessDeniedException");
    }
  }
}
