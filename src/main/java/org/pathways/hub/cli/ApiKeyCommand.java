package org.pathways.hub.cli;

import java.io.IOException;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.receive.ApiKey;
import org.pathways.hub.receive.ApiKeys;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates, lists and revokes the API keys scripts push files with. */
@Command(
    name = "api-key",
    mixinStandardHelpOptions = true,
    description = "Manage a district's API keys for HTTPS uploads.",
    subcommands = {
      ApiKeyCommand.Add.class,
      ApiKeyCommand.ListKeys.class,
      ApiKeyCommand.Revoke.class
    })
final class ApiKeyCommand extends CommandGroup {

  /** What every subcommand shares. */
  abstract static class Base extends DistrictScopedCommand {
    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      run(ctx.getBean(ApiKeys.class), ctx.getBean(AuditLog.class));
    }

    abstract void run(ApiKeys keys, AuditLog audit);
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Create an API key for a district; prints it once.")
  static final class Add extends Base {
    @Option(names = "--label", description = "What the key is for, such as the script using it.")
    String label;

    @Override
    void run(ApiKeys keys, AuditLog audit) {
      IssuedSecret k = keys.add(district, label);
      audit.record("cli", "api-key.add", district, k.name(), null, "ok", label);
      out().printf("Key:    %s%n", k.secret());
      out().printf("Prefix: %s%n", k.name());
      out().println("The key is shown this once; the hub keeps only a hash of its secret.");
      out()
          .printf(
              "Upload: curl -H 'Authorization: Bearer %s' --data-binary @students.txt"
                  + " 'https://HUB/api/v1/districts/%s/files?name=students.txt'%n",
              k.secret(), district);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a district's API keys (prefixes only).")
  static final class ListKeys extends Base {
    @Override
    void run(ApiKeys keys, AuditLog audit) {
      out().printf("%-10s %-8s %-22s %s%n", "PREFIX", "STATE", "LAST USED", "LABEL");
      for (ApiKey k : keys.list(district)) {
        out()
            .printf(
                "%-10s %-8s %-22s %s%n",
                k.prefix(),
                k.active() ? "active" : "revoked",
                k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString(),
                k.label() == null ? "" : k.label());
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an API key: it stops working at once.")
  static final class Revoke extends Base {
    @Option(names = "--key", required = true, description = "The key's prefix.")
    String prefix;

    @Override
    void run(ApiKeys keys, AuditLog audit) {
      keys.revoke(district, prefix);
      audit.record("cli", "api-key.revoke", district, prefix, null, "ok", null);
      out().printf("Revoked %s%n", prefix);
    }
  }
}
