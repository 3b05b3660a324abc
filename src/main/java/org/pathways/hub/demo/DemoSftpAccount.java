package org.pathways.hub.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.pathways.hub.receive.SftpAccount;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.receive.SftpService;
import org.pathways.hub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Lets a newcomer send a file by SFTP to the demo at once: an account for Grand Bend ISD that signs
 * in with a key kept in the data directory (owner-only, like any {@code ~/.ssh} key), and the
 * command to use it. Nothing secret is printed.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "hub.demo", havingValue = "true")
public class DemoSftpAccount implements ApplicationRunner {

  static final String DISTRICT = "grand-bend-isd";
  static final String USER = "grand-bend-isd-demo";
  private static final Logger log = LoggerFactory.getLogger(DemoSftpAccount.class);

  private final SftpAccounts accounts;
  private final ObjectProvider<SftpService> sftp;
  private final Path key;

  public DemoSftpAccount(
      SftpAccounts accounts, ObjectProvider<SftpService> sftp, HubProperties hub) {
    this.accounts = accounts;
    this.sftp = sftp;
    this.key = hub.dataDir().toAbsolutePath().normalize().resolve("demo").resolve("sftp-demo-key");
  }

  /**
   * A new file only its owner may read, as {@code ~/.ssh} keys are: created so, before anything
   * secret is written to it.
   */
  static OutputStream ownerOnly(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public void run(ApplicationArguments args) throws IOException, GeneralSecurityException {
    SftpService server = sftp.getIfAvailable();
    if (server == null) {
      return;
    }
    boolean exists =
        accounts.list(DISTRICT).stream().map(SftpAccount::username).anyMatch(USER::equals);
    if (!exists) {
      KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
      try (OutputStream out = ownerOnly(key)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, USER, null, out);
      }
      accounts.add(DISTRICT, USER, PublicKeyEntry.toString(pair.getPublic()), false);
    }
    if (Files.exists(key)) {
      log.info(
          "Demo SFTP: sftp -i {} -P {} {}@127.0.0.1, then put a file into inbox/ and read results/",
          key,
          server.port(),
          USER);
    }
  }
}
