package org.pathways.hub.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The hub's command line: {@code serve} by default, and the engineers' commands. */
@Command(
    name = "hub",
    mixinStandardHelpOptions = true,
    version = "Pathways Data Integration Hub 0.1",
    description = "Receives, validates and loads districts' SIS data for Pathways.",
    subcommands = {
      ServeCommand.class,
      DistrictCommand.class,
      IngestCommand.class,
      ExportCommand.class,
      GenerateCommand.class,
      RunCommand.class,
      SftpUserCommand.class,
      ApiKeyCommand.class,
      TokenCommand.class,
      UserCommand.class,
      MonitorCommand.class,
      PowerSchoolCommand.class,
      OneRosterCommand.class,
      VaultCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HubCommand implements Runnable {

  private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

  @Override
  public void run() {
    // Only reached with no subcommand, which run() turns into serve.
  }

  /** Runs a command line and returns the process exit status. */
  public static int run(String... args) {
    return run(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String[] effective = args;
    // No command, or only options: the hub serves, as `java -jar hub.jar --demo` should.
    if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL.contains(args[0]))) {
      effective = new String[args.length + 1];
      effective[0] = "serve";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    CommandLine cli = new CommandLine(new HubCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + rootMessage(e));
          return ExitCodes.SYSTEM;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("error: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ExitCodes.SYSTEM;
        });
    return cli.execute(Arrays.copyOf(effective, effective.length));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      // These messages name their subject and what to do; their causes are less precise.
      if (t instanceof IllegalArgumentException
          || t instanceof org.pathways.hub.receive.pull.oneroster.OneRosterException) {
        break;
      }
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
