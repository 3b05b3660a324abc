package org.pathways.hub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import org.pathways.hub.pipeline.RetentionPolicy;
import org.pathways.hub.vault.BlobStore;
import org.pathways.hub.vault.DistrictKeys;
import org.pathways.hub.vault.EncryptedVault;
import org.pathways.hub.vault.KeyFileWrapper;
import org.pathways.hub.vault.KeyWrapper;
import org.pathways.hub.vault.Vault;
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
 * The encrypted vault: the master key, the districts' keys, the blob store chosen by {@code
 * hub.vault.backend}, and the retention policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
public class VaultConfiguration {

  private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

  @Bean
  KeyWrapper masterKey(HubProperties hub, VaultProperties vault, JdbcClient jdbc)
      throws IOException, GeneralSecurityException {
    Path file = vault.masterKeyFile(hub.dataDir());
    if (!Files.exists(file)) {
      long wrapped = DistrictKeys.count(jdbc);
      if (wrapped > 0) {
        // A new master key would not open them, and files stored with it would be a second,
        // unrelated key hierarchy: better to stop and say what is missing.
        throw new IllegalStateException(
            "The master key file "
                + file
                + " is missing, but "
                + wrapped
                + " district vault keys in the database are wrapped by a master key: restore the"
                + " file, or point hub.vault.master-key-file at it");
      }
    }
    return KeyFileWrapper.openOrCreate(file);
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
