package org.pathways.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.receive.SftpAccount;
import org.pathways.hub.receive.SftpAccounts;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates, lists, rotates and revokes districts' SFTP accounts. */
@Command(
    name = "sftp-user",
    mixinStandardHelpOptions = true,
    description = "Manage the SFTP accounts of a district's SIS jobs.",
    subcommands = {
      SftpUserCommand.Add.class,
      SftpUserCommand.ListUsers.class,
      SftpUserCommand.Rotate.class,
      SftpUserCommand.Revoke.class
    })
final class SftpUserCommand extends CommandGroup {

  /** What every subcommand shares. */
  abstract static class Base extends DistrictScopedCommand {
    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      run(ctx.getBean(SftpAccounts.class), ctx.getBean(AuditLog.class));
    }

    abstract void run(SftpAccounts accounts, AuditLog audit) throws IOException;

    void printSecret(IssuedSecret s) {
      out().printf("User:     %s%n", s.name());
      if (s.secret() != null) {
        out().printf("Password: %s%n", s.secret());
        out().println("The password is shown this once; the hub keeps only a hash of it.");
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Create an SFTP account for a district; prints its password once.")
  static final class Add extends Base {
    @Option(
        names = "--user",
        description = "The user name (default: the district's code, then code-2, code-3...).")
    String user;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description = "An OpenSSH public key file (such as id_ed25519.pub) the account accepts.")
    Path publicKey;

    @Option(names = "--no-password", description = "Sign in with the public key only.")
    boolean noPassword;

    @Override
    void run(SftpAccounts accounts, AuditLog audit) throws IOException {
      String key = publicKey == null ? null : Files.readString(publicKey, StandardCharsets.UTF_8);
      IssuedSecret s = accounts.add(district, user, key, !noPassword);
      audit.record(
          "cli",
          "sftp-user.add",
          district,
          s.name(),
          null,
          "ok",
          (noPassword ? "key only" : "password") + (key == null ? "" : " and key"));
      printSecret(s);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a district's SFTP accounts.")
  static final class ListUsers extends Base {
    @Override
    void run(SftpAccounts accounts, AuditLog audit) {
      out().printf("%-28s %-8s %-9s %-22s %s%n", "USER", "STATE", "PASSWORD", "LAST LOGIN", "KEYS");
      for (SftpAccount a : accounts.list(district)) {
        out()
            .printf(
                "%-28s %-8s %-9s %-22s %s%n",
                a.username(),
                a.active() ? "active" : "revoked",
                a.hasPassword() ? "yes" : "no",
                a.lastLoginAt() == null ? "never" : a.lastLoginAt().toString(),
                String.join(" ", a.keyFingerprints()));
      }
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Give an account a new password (printed once), or add a public key with --public-key.")
  static final class Rotate extends Base {
    @Option(names = "--user", required = true, description = "The account's user name.")
    String user;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description = "Add this OpenSSH public key instead of changing the password.")
    Path publicKey;

    @Override
    void run(SftpAccounts accounts, AuditLog audit) throws IOException {
      if (publicKey != null) {
        String fingerprint =
            accounts.addKey(district, user, Files.readString(publicKey, StandardCharsets.UTF_8));
        audit.record("cli", "sftp-user.add-key", district, user, null, "ok", fingerprint);
        out().printf("Added key %s to %s%n", fingerprint, user);
        return;
      }
      IssuedSecret s = accounts.rotate(district, user);
      audit.record("cli", "sftp-user.rotate", district, user, null, "ok", null);
      printSecret(s);
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an account: it can no longer sign in.")
  static final class Revoke extends Base {
    @Option(names = "--user", required = true, description = "The account's user name.")
    String user;

    @Override
    void run(SftpAccounts accounts, AuditLog audit) {
      accounts.revoke(district, user);
      audit.record("cli", "sftp-user.revoke", district, user, null, "ok", null);
      out().printf("Revoked %s%n", user);
    }
  }
}
