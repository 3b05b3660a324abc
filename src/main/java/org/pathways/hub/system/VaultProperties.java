package org.pathways.hub.system;

import java.net.URI;
import java.nio.file.Path;
import org.pathways.hub.vault.kms.KmsSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The vault's settings ({@code hub.vault.*}); an unknown key is refused, so a misspelt one is not
 * silently ignored.
 *
 * @param backend where the encrypted files go: {@code local} (under the data directory) or {@code
 *     s3}
 * @param masterKey where the master key is: {@code file} (a key file) or {@code aws-kms}
 * @param masterKeyFile the master key file; by default {@code <data-dir>/keys/master-key.json}.
 *     With {@code aws-kms}, a key file there is read to unwrap what it wrapped before
 * @param retentionDays raw files received longer ago than this are purged
 * @param purgeCron when the daily purge runs, as a Spring cron expression on Central time
 * @param s3 the bucket, when the backend is {@code s3}
 * @param kms the AWS KMS key, when the master key is {@code aws-kms}
 */
@ConfigurationProperties(prefix = "hub.vault", ignoreUnknownFields = false)
public record VaultProperties(
    @DefaultValue("local") Backend backend,
    @DefaultValue("file") MasterKey masterKey,
    Path masterKeyFile,
    @DefaultValue("400") int retentionDays,
    @DefaultValue("0 30 3 * * *") String purgeCron,
    @DefaultValue S3 s3,
    @DefaultValue Kms kms) {

  /** Where the encrypted files go. */
  public enum Backend {
    LOCAL,
    S3
  }

  /** Where the master key is. */
  public enum MasterKey {
    /** A Tink keyset in {@code hub.vault.master-key-file}. */
    FILE,
    /** A symmetric AWS KMS key, {@code hub.vault.kms.key-id}. */
    AWS_KMS
  }

  public VaultProperties {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("hub.vault.retention-days must be at least 1");
    }
    if (!org.springframework.scheduling.support.CronExpression.isValidExpression(purgeCron)) {
      throw new IllegalArgumentException(
          "hub.vault.purge-cron is not a cron expression: '" + purgeCron + "'");
    }
    if (backend == Backend.S3 && (s3.bucket() == null || s3.bucket().isBlank())) {
      throw new IllegalArgumentException(
          "hub.vault.backend=s3 needs hub.vault.s3.bucket (and usually hub.vault.s3.endpoint)");
    }
    if (masterKey == MasterKey.AWS_KMS && (kms.keyId() == null || kms.keyId().isBlank())) {
      throw new IllegalArgumentException(
          "hub.vault.master-key=aws-kms needs hub.vault.kms.key-id: the key's id, ARN, alias"
              + " (alias/NAME) or alias ARN");
    }
  }

  /** The master key file, given the hub's data directory. */
  public Path masterKeyFile(Path dataDir) {
    return masterKeyFile != null
        ? masterKeyFile.toAbsolutePath().normalize()
        : dataDir.toAbsolutePath().normalize().resolve("keys").resolve("master-key.json");
  }

  /**
   * The S3-compatible bucket.
   *
   * @param endpoint the server's URL, such as {@code https://s3.example.org}; none for AWS itself
   * @param region the signing region
   * @param bucket the bucket, which must exist
   * @param accessKey the access key id; none to use the default AWS credential chain
   * @param secretKey the secret access key; never logged or printed
   * @param partSizeMb the size of one part of an upload, which is the memory one upload holds
   */
  public record S3(
      URI endpoint,
      @DefaultValue("us-east-1") String region,
      String bucket,
      String accessKey,
      String secretKey,
      @DefaultValue("16") int partSizeMb) {

    @Override
    public String toString() {
      return "S3[endpoint="
          + endpoint
          + ", region="
          + region
          + ", bucket="
          + bucket
          + ", accessKey="
          + (accessKey == null ? "none" : "****")
          + ", secretKey="
          + (secretKey == null ? "none" : "****")
          + ", partSizeMb="
          + partSizeMb
          + "]";
    }
  }

  /**
   * The AWS KMS key that is the master key. Credentials are not settings: the AWS SDK's default
   * chain finds them (environment, profile, instance or task role).
   *
   * @param keyId the key's id, key ARN, alias ({@code alias/NAME}) or alias ARN
   * @param region the key's region; none for the region of a key ARN, else the SDK's default
   * @param endpoint another endpoint than AWS's own, such as a VPC endpoint; none for AWS's own
   */
  public record Kms(String keyId, String region, URI endpoint) {

    /** The key as the KMS wrapper takes it, which reads a blank region as none. */
    public KmsSettings settings() {
      return new KmsSettings(keyId, region, endpoint);
    }
  }
}
