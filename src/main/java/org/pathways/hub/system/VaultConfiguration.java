package org.pathways.hub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pathways.hub.pipeline.RetentionPolicy;
import org.pathways.hub.vault.BlobStore;
import org.pathways.hub.vault.DistrictKeys;
import org.pathways.hub.vault.EncryptedVault;
import org.pathways.hub.vault.HandoverWrapper;
import org.pathways.hub.vault.KeyFileWrapper;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.Vault;
import org.pathways.hub.vault.kms.AwsKmsWrapper;
import org.pathways.hub.vault.kms.KmsSettings;
import org.pathways.hub.vault.local.LocalBlobStore;
import org.pathways.hub.vault.s3.S3BlobStore;
import org.pathways.hub.vault.s3.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The encrypted vault: the master key chosen by {@code hub.vault.master-key}, the districts' keys,
 * the blob store chosen by {@code hub.vault.backend}, and the retention policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
public class VaultConfiguration {

  private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

  @Bean
  KeyWrapper masterKey(HubProperties hub, VaultProperties vault, JdbcClient jdbc)
      throws IOException, GeneralSecurityException {
    Path file = vault.masterKeyFile(hub.dataDir());
    Map<String, Long> wrapped = DistrictKeys.countByMasterVersion(jdbc);
    return switch (vault.masterKey()) {
      case FILE -> keyFile(file, wrapped);
      case AWS_KMS -> awsKms(vault.kms().settings(), file, wrapped);
    };
  }

  private static KeyWrapper keyFile(Path file, Map<String, Long> wrapped)
      throws IOException, GeneralSecurityException {
    Map<String, Long> byKms = startingWith(wrapped, AwsKmsWrapper.VERSION_PREFIX);
    if (!byKms.isEmpty()) {
      // The key file cannot open them, and would start a second key hierarchy beside them.
      throw new IllegalStateException(
          sum(byKms)
              + " district vault keys in the database are wrapped by "
              + byKms.keySet().stream()
                  .map(v -> "the AWS KMS key " + v.substring(AwsKmsWrapper.VERSION_PREFIX.length()))
                  .collect(Collectors.joining(", "))
              + ", not by a key file: set hub.vault.master-key=aws-kms and hub.vault.kms.key-id");
    }
    if (!Files.exists(file)) {
      long count = sum(wrapped);
      if (count > 0) {
        // A new master key would not open them, and files stored with it would be a second,
        // unrelated key hierarchy: better to stop and say what is missing.
        throw new IllegalStateException(
            "The master key file "
                + file
                + " is missing, but "
                + count
                + " district vault keys in the database are wrapped by a master key: restore the"
                + " file, or point hub.vault.master-key-file at it");
      }
    }
    return KeyFileWrapper.openOrCreate(file);
  }

  /**
   * The AWS KMS key, and the key file beside it when there is one: what the file wrapped before the
   * hub moved to KMS still unwraps, until {@code vault rotate-master-key} re-wraps it.
   */
  private static KeyWrapper awsKms(KmsSettings settings, Path file, Map<String, Long> wrapped)
      throws IOException, GeneralSecurityException {
    AwsKmsWrapper kms = AwsKmsWrapper.connect(settings);
    try {
      Map<String, Long> byOtherKms = startingWith(wrapped, AwsKmsWrapper.VERSION_PREFIX);
      byOtherKms.remove(kms.primaryVersion());
      if (!byOtherKms.isEmpty()) {
        // Decrypt is pinned to the configured key, so another key's keysets would not open.
        throw new IllegalStateException(
            sum(byOtherKms)
                + " district vault keys in the database are wrapped by another AWS KMS key than "
                + kms.describe()
                + ": "
                + String.join(", ", byOtherKms.keySet())
                + ". Set hub.vault.kms.key-id to the key that wrapped them: AWS KMS rotates a"
                + " key's material under the same key, so the key itself need not change");
      }
      long byFile = sum(startingWith(wrapped, KeyFileWrapper.VERSION_PREFIX));
      if (!Files.exists(file)) {
        if (byFile > 0) {
          throw new IllegalStateException(
              byFile
                  + " district vault keys in the database are wrapped by the master key file "
                  + file
                  + ", which is missing: restore the file, or point hub.vault.master-key-file at"
                  + " it, so that they unwrap until vault rotate-master-key re-wraps them with "
                  + kms.describe());
        }
        return kms;
      }
      log.info(
          "The master key file {} stays to unwrap what it wrapped before {} took over"
              + " ({} district vault keys); vault rotate-master-key re-wraps them",
          file,
          kms.describe(),
          byFile);
      return new HandoverWrapper(kms, KeyFileWrapper.open(file));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      kms.close();
      throw e;
    }
  }

  /** The counts of the versions that begin with a prefix, in a map of their own. */
  private static Map<String, Long> startingWith(Map<String, Long> byVersion, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    byVersion.forEach(
        (version, count) -> {
          if (version.startsWith(prefix)) {
            out.put(version, count);
          }
        });
    return out;
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Bean
  DistrictKeys districtKeys(
      JdbcClient jdbc, TransactionTemplate tx, KeyWrapper masterKey, Clock clock) {
    return new DistrictKeys(jdbc, tx, masterKey, clock);
  }

  @Bean
  BlobStore blobStore(HubProperties hub, VaultProperties vault) throws IOException {
    BlobStore store =
        switch (vault.backend()) {
          case LOCAL ->
              new LocalBlobStore(hub.dataDir().toAbsolutePath().normalize().resolve("vault"));
          case S3 -> S3BlobStore.connect(s3Settings(vault.s3()));
        };
    log.info("The vault keeps its encrypted files in {}", store.describe());
    return store;
  }

  static S3Settings s3Settings(VaultProperties.S3 s3) {
    return new S3Settings(
        s3.endpoint(),
        s3.region(),
        s3.bucket(),
        blankToNull(s3.accessKey()),
        blankToNull(s3.secretKey()),
        Math.multiplyExact(s3.partSizeMb(), 1 << 20));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Bean
  Vault vault(BlobStore blobStore, DistrictKeys districtKeys, Clock clock) {
    return new EncryptedVault(blobStore, districtKeys, clock);
  }

  @Bean
  RetentionPolicy retentionPolicy(VaultProperties vault) {
    return RetentionPolicy.days(vault.retentionDays());
  }
}
