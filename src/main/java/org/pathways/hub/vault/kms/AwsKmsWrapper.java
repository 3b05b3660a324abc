package org.pathways.hub.vault.kms;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.WrappedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The master key as a symmetric AWS KMS key: wrapping is a KMS Encrypt and unwrapping a Decrypt, so
 * the key never leaves KMS, and every use of it is allowed by its key policy and recorded in
 * CloudTrail. The key is described once, when the hub starts: its ARN is the master key version
 * recorded beside everything it wrapped, and a key that cannot be described, or cannot encrypt,
 * stops the start rather than the first file of the night.
 *
 * <p>AWS KMS rotates the key material of a key itself, automatically or when its administrators
 * ask, and keeps every older material to decrypt what it encrypted. The key's ARN stays the same,
 * so there is nothing for the hub to make or re-wrap: {@link #rotate} makes nothing and says where
 * rotation happens instead.
 */
public final class AwsKmsWrapper implements KeyWrapper, AutoCloseable {

  /** How the versions of this master key begin; the key's ARN follows. */
  public static final String VERSION_PREFIX = "aws-kms:";

  /** The most bytes KMS Encrypt takes. */
  static final int MAX_PLAINTEXT = 4096;

  /** The most bytes of ciphertext KMS Decrypt takes. */
  static final int MAX_CIPHERTEXT = 6144;

  /** The one entry of the encryption context, which holds the associated data. */
  static final String CONTEXT_KEY = "pathways-hub";

  private static final Logger log = LoggerFactory.getLogger(AwsKmsWrapper.class);

  private final KmsClient kms;
  private final String arn;
  private final String where;

  private AwsKmsWrapper(KmsClient kms, String arn, String where) {
    this.kms = kms;
    this.arn = arn;
    this.where = where;
  }

  /**
   * The key the settings name, with credentials from the AWS SDK's default chain.
   *
   * @throws IllegalStateException if the key cannot be described, or is not an enabled symmetric
   *     encryption key
   */
  public static AwsKmsWrapper connect(KmsSettings settings) {
    return connect(settings, DefaultCredentialsProvider.builder().build());
  }

  /** The key the settings name, with the given credentials. */
  static AwsKmsWrapper connect(KmsSettings settings, AwsCredentialsProvider credentials) {
    KmsClient kms = client(settings, credentials);
    try {
      KeyMetadata key;
      try {
        key = kms.describeKey(b -> b.keyId(settings.keyId())).keyMetadata();
      } catch (SdkException e) {
        throw new IllegalStateException(
            "The AWS KMS key "
                + settings.where()
                + " (hub.vault.kms.key-id) cannot be described: "
                + reason(e)
                + ". The hub's AWS credentials need kms:DescribeKey, kms:Encrypt and kms:Decrypt"
                + " on it",
            e);
      }
      requireUsable(settings, key);
      String where =
          "the AWS KMS key "
              + key.arn()
              + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
      log.info("The vault's master key is {}", where);
      return new AwsKmsWrapper(kms, key.arn(), where);
    } catch (RuntimeException e) {
      kms.close();
      throw e;
    }
  }

  private static KmsClient client(KmsSettings settings, AwsCredentialsProvider credentials) {
    KmsClientBuilder builder = KmsClient.builder().credentialsProvider(credentials);
    String region = settings.region() != null ? settings.region() : settings.regionOfArn();
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      // Without a region given or in the key's ARN, the SDK looks in AWS_REGION and the profile.
      throw new IllegalStateException(
          "No region for the AWS KMS key "
              + settings.where()
              + ": set hub.vault.kms.region, or give the key's ARN as hub.vault.kms.key-id ("
              + reason(e)
              + ")",
          e);
    }
  }

  private static void requireUsable(KmsSettings settings, KeyMetadata key) {
    if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT
        || key.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT) {
      throw new IllegalStateException(
          "The AWS KMS key "
              + settings.where()
              + " ("
              + key.arn()
              + ") is a "
              + key.keySpecAsString()
              + " key for "
              + key.keyUsageAsString()
              + ": the vault's master key must be a SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT");
    }
    if (key.keyState() != KeyState.ENABLED) {
      throw new IllegalStateException(
          "The AWS KMS key "
              + settings.where()
              + " ("
              + key.arn()
              + ") is "
              + key.keyStateAsString()
              + ", not Enabled: it cannot wrap or unwrap the vault's keys"
              + (key.keyState() == KeyState.PENDING_DELETION
                  ? ". Cancel its deletion (aws kms cancel-key-deletion), or every file it"
                      + " protects is lost with it"
                  : ""));
    }
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public String primaryVersion() {
    return VERSION_PREFIX + arn;
  }

  @Override
  public WrappedKey wrap(byte[] keyset, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    if (keyset.length == 0 || keyset.length > MAX_PLAINTEXT) {
      throw new GeneralSecurityException(
          "AWS KMS encrypts 1 to "
              + MAX_PLAINTEXT
              + " bytes; this key is "
              + keyset.length
              + " bytes, too many to wrap with "
              + where);
    }
    try {
      // Without a copy, so that the caller's clearing of its array is the only copy left here;
      // the SDK's request body holds the bytes encoded until it is collected.
      SdkBytes plaintext = SdkBytes.fromByteArrayUnsafe(keyset);
      byte[] ciphertext =
          kms.encrypt(
                  b -> b.keyId(arn).plaintext(plaintext).encryptionContext(context(associatedData)))
              .ciphertextBlob()
              .asByteArrayUnsafe();
      return new WrappedKey(ciphertext, primaryVersion());
    } catch (SdkException e) {
      throw new IOException("Could not wrap a key with " + where + ": " + reason(e), e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    if (wrapped.length == 0 || wrapped.length > MAX_CIPHERTEXT) {
      throw new GeneralSecurityException(
          "A wrapped key of " + wrapped.length + " bytes is not a ciphertext of AWS KMS");
    }
    try {
      // The key id pins the key: a ciphertext of another key that these credentials may use
      // is refused rather than decrypted.
      return kms.decrypt(
              b ->
                  b.keyId(arn)
                      .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                      .encryptionContext(context(associatedData)))
          .plaintext()
          .asByteArrayUnsafe();
    } catch (InvalidCiphertextException | IncorrectKeyException e) {
      // Not this key's, altered, or bound to other associated data (another district's row).
      throw new GeneralSecurityException(where + " does not decrypt it: " + reason(e), e);
    } catch (SdkException e) {
      throw new IOException("Could not unwrap a key with " + where + ": " + reason(e), e);
    }
  }

  /**
   * The associated data as a KMS encryption context. KMS binds a ciphertext to its exact context,
   * as AES-GCM binds it to associated data, so a keyset wrapped for one district does not unwrap
   * for another. A context maps strings to strings, and appears in clear in CloudTrail: the bytes
   * are carried whole in one entry as Base64, so that no two associated data share a context
   * whatever their callers put in them; they name a district and a purpose, never a secret, and
   * whoever reads CloudTrail can decode them to see which district's key was opened.
   */
  private static Map<String, String> context(byte[] associatedData) {
    return associatedData.length == 0
        ? Map.of()
        : Map.of(CONTEXT_KEY, Base64.getEncoder().encodeToString(associatedData));
  }

  /**
   * Makes nothing: AWS KMS rotates the key's material itself and keeps the old material to decrypt,
   * under the same ARN. Rotating there needs key administration rights (kms:EnableKeyRotation,
   * kms:RotateKeyOnDemand) that the hub's credentials should not have.
   *
   * @return the primary version, which stays as it is
   */
  @Override
  public String rotate() {
    return primaryVersion();
  }

  @Override
  public Optional<String> rotatedOutside() {
    return Optional.of(
        "AWS KMS rotates the key material of "
            + arn
            + " itself, keeping the old material to decrypt what it encrypted, so the hub makes"
            + " no new master key version. Turn on automatic rotation (aws kms enable-key-rotation"
            + " --key-id "
            + arn
            + "), or rotate it now (aws kms rotate-key-on-demand --key-id "
            + arn
            + "), as a key administrator.");
  }

  /** The service's error code and message, or the client's message: never a request's content. */
  private static String reason(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      String code = s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails().errorMessage();
      return (code == null ? "error " + s.statusCode() : code)
          + (message == null ? "" : ": " + message);
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    kms.close();
  }

  @Override
  public String toString() {
    return "AwsKmsWrapper[" + arn + "]";
  }
}
