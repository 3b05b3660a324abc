package org.pathways.hub.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.ServiceToken;
import org.pathways.hub.access.ServiceTokens;
import org.pathways.hub.audit.AuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates, lists and revokes the service tokens consumers of the read API present. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Manage the read API's service tokens (one or more per consumer, such as Pathways).",
    subcommands = {
      TokenCommand.Add.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand extends CommandGroup {

  /** What every subcommand shares. */
  abstract static class Base extends StoreCommand {
    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      run(ctx.getBean(ServiceTokens.class), ctx.getBean(AuditLog.class));
    }

    abstract void run(ServiceTokens tokens, AuditLog audit);
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Create a service token for a consumer; prints it once.")
  static final class Add extends Base {
    @Option(
        names = "--consumer",
        required = true,
        description = "Who uses the token, such as pathways.")
    String consumer;

    @Option(
        names = "--district",
        description =
            "A district the token may read; repeat for several. Without it the token reads every"
                + " district, those added later too.")
    List<String> districts = new ArrayList<>();

    @Override
    void run(ServiceTokens tokens, AuditLog audit) {
      IssuedSecret t = tokens.add(consumer, districts);
      String scope = districts.isEmpty() ? "all districts" : String.join(",", districts);
      audit.record("cli", "token.add", null, t.name(), null, "ok", consumer + ": " + scope);
      out().printf("Token:     %s%n", t.secret());
      out().printf("Id:        %s%n", t.name());
      out().printf("Consumer:  %s%n", consumer);
      out().printf("Districts: %s%n", scope);
      out().println("The token is shown this once; the hub keeps only a hash of its secret.");
      out()
          .printf(
              "Read:      curl -H 'Authorization: Bearer %s' https://HUB/api/v1/districts%n",
              t.secret());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the service tokens (ids only, never secrets).")
  static final class ListTokens extends Base {
    @Override
    void run(ServiceTokens tokens, AuditLog audit) {
      out()
          .printf(
              "%-10s %-20s %-8s %-22s %-22s %s%n",
              "ID", "CONSUMER", "STATE", "CREATED", "LAST USED", "DISTRICTS");
      for (ServiceToken t : tokens.list()) {
        out()
            .printf(
                "%-10s %-20s %-8s %-22s %-22s %s%n",
                t.id(),
                t.consumer(),
                t.active() ? "active" : "revoked",
                t.createdAt(),
                t.lastUsedAt() == null ? "never" : t.lastUsedAt().toString(),
                t.allDistricts() ? "all" : String.join(",", t.districts()));
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revoke a consumer's tokens, or one token by its id: they stop working at once.")
  static final class Revoke extends Base {

    /** Exactly one of the two. */
    static final class Which {
      @Option(names = "--consumer", description = "Revoke every active token of this consumer.")
      String consumer;

      @Option(names = "--id", description = "Revoke the token with this id.")
      String id;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    void run(ServiceTokens tokens, AuditLog audit) {
      if (which.id != null) {
        String consumer = tokens.revoke(which.id);
        audit.record("cli", "token.revoke", null, which.id, null, "ok", consumer);
        out().printf("Revoked %s (%s)%n", which.id, consumer);
        return;
      }
      for (String id : tokens.revokeConsumer(which.consumer)) {
        audit.record("cli", "token.revoke", null, id, null, "ok", which.consumer);
        out().printf("Revoked %s (%s)%n", id, which.consumer);
      }
    }
  }
}
