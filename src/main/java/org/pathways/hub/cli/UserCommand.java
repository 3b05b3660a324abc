package org.pathways.hub.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.audit.AuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The people who sign in to the portal. The first administrator can only be made here: the portal
 * has nobody to let in before that.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage the people who sign in to the portal.",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.ResetPassword.class,
      UserCommand.Disable.class
    })
final class UserCommand extends CommandGroup {

  /** What every subcommand shares: the store, the output, the people. */
  abstract static class Base extends StoreCommand {
    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      run(ctx.getBean(PortalUsers.class), ctx.getBean(AuditLog.class));
    }

    abstract void run(PortalUsers users, AuditLog audit) throws IOException;

    /** The first line of standard input: a password piped in never shows in the process list. */
    static String readPassword() throws IOException {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException(
            "--password-stdin was given but standard input is empty; pipe the password in");
      }
      return line;
    }

    void printIssued(IssuedSecret s) {
      out().printf("Email:    %s%n", s.name());
      if (s.secret() != null) {
        out().printf("Password: %s%n", s.secret());
        out().println("The password is shown this once; the hub keeps only a hash of it.");
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a person; the password is read from standard input with --password-stdin,"
              + " or generated and printed once.")
  static final class Add extends Base {
    @Option(names = "--email", required = true, description = "What they sign in with.")
    String email;

    @Option(
        names = "--role",
        required = true,
        description = "ENGINEER, ADMIN or DISTRICT_CONTACT.",
        converter = RoleConverter.class)
    Role role;

    @Option(names = "--district", description = "The district of a DISTRICT_CONTACT.")
    String district;

    @Option(
        names = "--password-stdin",
        description = "Read the password (12 characters or more) from standard input.")
    boolean passwordStdin;

    @Override
    void run(PortalUsers users, AuditLog audit) throws IOException {
      IssuedSecret s = users.add(email, role, district, passwordStdin ? readPassword() : null);
      audit.record("cli", "user.add", district, s.name(), null, "ok", role.name());
      printIssued(s);
      out().printf("Role:     %s%s%n", role, district == null ? "" : " of " + district);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the people who sign in.")
  static final class ListUsers extends Base {
    @Override
    void run(PortalUsers users, AuditLog audit) {
      out()
          .printf(
              "%-36s %-17s %-20s %-9s %s%n", "EMAIL", "ROLE", "DISTRICT", "STATE", "LAST SIGN-IN");
      for (PortalUser u : users.list()) {
        out()
            .printf(
                "%-36s %-17s %-20s %-9s %s%n",
                u.email(),
                u.role(),
                u.district() == null ? "" : u.district(),
                u.disabled() ? "disabled" : "active",
                u.lastSignInAt() == null ? "never" : u.lastSignInAt().toString());
      }
    }
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = "Set a new password: from standard input, or generated and printed once.")
  static final class ResetPassword extends Base {
    @Option(names = "--email", required = true)
    String email;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Override
    void run(PortalUsers users, AuditLog audit) throws IOException {
      IssuedSecret s = users.resetPassword(email, passwordStdin ? readPassword() : null);
      audit.record("cli", "user.reset-password", null, s.name(), null, "ok", null);
      printIssued(s);
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Stop a person from signing in; their history stays.")
  static final class Disable extends Base {
    @Option(names = "--email", required = true)
    String email;

    @Override
    void run(PortalUsers users, AuditLog audit) {
      users.disable(email);
      audit.record("cli", "user.disable", null, PortalUsers.normalize(email), null, "ok", null);
      out().printf("Disabled %s%n", PortalUsers.normalize(email));
    }
  }

  /** Roles are accepted in any case, as people type them. */
  static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      try {
        return Role.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a role: use ENGINEER, ADMIN or DISTRICT_CONTACT");
      }
    }
  }
}
