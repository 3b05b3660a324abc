package org.pathways.hub.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.pipeline.Retention;
import org.pathways.hub.pipeline.RetentionPolicy;
import org.pathways.hub.vault.DistrictKeys;
import org.pathways.hub.vault.KeyWrapper;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rotates the vault's keys and purges old raw files. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = {
      "Rotate the vault's keys; purge raw files past the retention policy.",
      "Files are encrypted with a key per district; the master key (a key file by default) wraps"
          + " those keys. See docs/decisions/0003-vault-encryption.md."
    },
    subcommands = {
      VaultCommand.RotateMasterKey.class,
      VaultCommand.RotateKey.class,
      VaultCommand.Purge.class
    })
final class VaultCommand extends CommandGroup {

  @Command(
      name = "rotate-master-key",
      mixinStandardHelpOptions = true,
      description = {
        "Make a new master key version primary and re-wrap every district's key with it.",
        "No file is re-encrypted; old master key versions stay in the key file, so every file and"
            + " every backup still opens.",
        "With the master key in AWS KMS (hub.vault.master-key=aws-kms), KMS rotates the key"
            + " material itself: the command says how, and re-wraps what the key file wrapped"
            + " before the hub moved to KMS."
      })
  static final class RotateMasterKey implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        Optional<String> outside = ctx.getBean(KeyWrapper.class).rotatedOutside();
        DistrictKeys.MasterRotation r = ctx.getBean(DistrictKeys.class).rotateMasterKey();
        boolean inbox = ctx.getBean(org.pathways.hub.receive.InboxCrypto.class).rewrap();
        String rewrapped =
            r.rewrapped()
                + " district keys"
                + (inbox ? " and the SFTP inbox key" : "")
                // Under a KMS no new version was made: only what another master key wrapped moves.
                + (outside.isPresent() ? " wrapped by an earlier master key" : "")
                + " re-wrapped";
        ctx.getBean(AuditLog.class)
            .record(
                "cli",
                "vault.rotate-master-key",
                null,
                r.masterVersion(),
                null,
                "ok",
                rewrapped + (outside.isPresent() ? "; the key is rotated in its KMS" : ""));
        PrintWriter out = cmd.commandLine().getOut();
        outside.ifPresent(out::println);
        out.printf("Master key %s is primary; %s with it%n", r.masterVersion(), rewrapped);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rotate-key",
      mixinStandardHelpOptions = true,
      description = {
        "Give a district a new key for its new files.",
        "Its old keys stay in its keyset, so its old files still open."
      })
  static final class RotateKey implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(
        names = "--district",
        required = true,
        paramLabel = "CODE",
        description = "The district's code.")
    String district;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        if (ctx.getBean(DistrictRepository.class).find(district).isEmpty()) {
          throw new IllegalArgumentException("Unknown district '" + district + "'");
        }
        DistrictKeys.KeyStatus s = ctx.getBean(DistrictKeys.class).rotateDistrictKey(district);
        ctx.getBean(AuditLog.class)
            .record(
                "cli",
                "vault.rotate-key",
                district,
                "key " + s.primaryKeyId(),
                null,
                "ok",
                s.keys() + " keys in the keyset");
        cmd.commandLine()
            .getOut()
            .printf(
                "District %s: key %d is primary for new files; %d keys in its keyset%n",
                s.district(), s.primaryKeyId(), s.keys());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description = {
        "Delete raw files received longer ago than the retention policy (hub.vault.retention-days,"
            + " 400 by default).",
        "Each deletion is recorded with the file, whose runs stay listed; the loaded data is not"
            + " touched. The serving hub does this every night by itself."
      })
  static final class Purge implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--dry-run", description = "List the files that would be purged; delete none.")
    boolean dryRun;

    @Option(
        names = "--days",
        paramLabel = "N",
        description = "Keep raw files this many days instead of the configured retention.")
    Integer days;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who purges, as recorded with each file (default: the user).")
    String by;

    @Spec picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = HubContext.start(store, false, List.of())) {
        Retention retention = ctx.getBean(Retention.class);
        RetentionPolicy policy = days == null ? retention.policy() : RetentionPolicy.days(days);
        Retention.Report r = retention.purge(policy, by, dryRun);
        PrintWriter out = cmd.commandLine().getOut();
        AuditLog audit = ctx.getBean(AuditLog.class);
        for (Retention.PurgedFile f : r.files()) {
          if (!dryRun) {
            audit.record(
                by,
                "vault.purge",
                f.district(),
                "file " + f.fileId(),
                null,
                "ok",
                "older than " + policy.days() + " days");
          }
          out.printf(
              "%s %-24s %8d  %s  %s%n",
              dryRun ? "would purge" : "purged",
              f.district(),
              f.fileId(),
              f.receivedAt().toString().substring(0, 10),
              f.fileName());
        }
        for (String failure : r.failures()) {
          cmd.commandLine().getErr().println("not purged: " + failure);
        }
        out.printf(
            "%d raw files received before %s %s%n",
            r.files().size(),
            r.cutoff().toString().substring(0, 10),
            dryRun ? "would be purged (dry run: nothing deleted)" : "purged");
        return r.failures().isEmpty() ? ExitCodes.OK : ExitCodes.SYSTEM;
      }
    }
  }
}
