package org.pathways.hub.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.receive.pull.oneroster.OneRoster;
import org.pathways.hub.receive.pull.oneroster.OneRosterConnections;
import org.pathways.hub.receive.pull.oneroster.OneRosterPull;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** A district's OneRoster REST source: its connection, a check of it, and a pull now. */
@Command(
    name = "oneroster",
    mixinStandardHelpOptions = true,
    description = "Pull a district's roster from its SIS's OneRoster 1.1/1.2 REST service.",
    subcommands = {
      OneRosterCommand.Configure.class,
      OneRosterCommand.Test.class,
      OneRosterCommand.Pull.class
    })
final class OneRosterCommand extends CommandGroup {

  @Command(
      name = "configure",
      mixinStandardHelpOptions = true,
      description =
          "Set the district's OneRoster service; the client secret is read from standard input"
              + " (so it never shows in the process list) and kept encrypted.")
  static final class Configure extends DistrictScopedCommand {
    @Option(names = "--url", required = true, description = "The service's base address.")
    String url;

    @Option(names = "--token-url", required = true, description = "The OAuth 2 token address.")
    String tokenUrl;

    @Option(names = "--client-id", required = true, description = "The client id.")
    String clientId;

    @Option(
        names = "--oneroster-version",
        defaultValue = "1.2",
        description = "1.1 or 1.2 (default ${DEFAULT-VALUE}).")
    String version;

    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      var unused =
          ctx.getBean(DistrictRepository.class)
              .find(district)
              .orElseThrow(
                  () -> new IllegalArgumentException("Unknown district '" + district + "'"));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String secret = in.readLine();
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException(
            "No client secret on standard input; pipe it in: echo \"$SECRET\" | hub oneroster"
                + " configure ...");
      }
      // The same checks as the settings page: https only, but for a service on this machine.
      ctx.getBean(OneRosterConnections.class)
          .save(district, url, tokenUrl, clientId, version, secret.strip(), "cli");
      ctx.getBean(AuditLog.class)
          .record("cli", "oneroster.configure", district, url, null, "ok", "client " + clientId);
      out()
          .printf(
              "OneRoster %s service of %s set: %s (token %s, client %s)%n",
              OneRoster.Version.parse(version).label(),
              district,
              url.strip(),
              tokenUrl.strip(),
              clientId);
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = "Get a token, then print how many records each collection holds.")
  static final class Test extends DistrictScopedCommand {
    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      Map<String, OptionalLong> counts = ctx.getBean(OneRosterPull.class).test(district);
      out().println("Token: ok");
      counts.forEach(
          (c, n) ->
              out().printf("%-17s %s%n", c, n.isPresent() ? Long.toString(n.getAsLong()) : "?"));
    }
  }

  @Command(
      name = "pull",
      mixinStandardHelpOptions = true,
      description =
          "Pull students, teachers and the course catalog now and load them. Exit 0 when every"
              + " data set loaded, 2 when one did not.")
  static final class Pull extends DistrictScopedCommand {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Option(names = "--json", description = "One JSON object per data set.")
    boolean json;

    private boolean allLoaded = true;

    @Override
    public Integer call() throws IOException {
      super.call();
      return allLoaded ? ExitCodes.OK : ExitCodes.NOT_LOADED;
    }

    @Override
    void run(ConfigurableApplicationContext ctx) throws IOException {
      OneRosterPull.Result result = ctx.getBean(OneRosterPull.class).pull(district, "cli");
      for (OneRosterPull.DataSetResult r : result.dataSets()) {
        boolean loaded = r.run() != null && r.run().status() == RunStatus.LOADED;
        allLoaded &= loaded;
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("dataSet", r.dataSet());
          m.put("file", r.file());
          m.put("rowsConverted", r.rowsConverted());
          m.put("run", r.run() == null ? null : MAPPER.readTree(Json.run(r.run())));
          out().println(MAPPER.writeValueAsString(m));
        } else {
          out()
              .printf(
                  "%-17s %6d rows  %s%s%n",
                  r.dataSet(),
                  r.rowsConverted(),
                  r.run() == null ? "not run" : r.run().status(),
                  r.run() == null || r.run().message() == null ? "" : "  " + r.run().message());
        }
      }
    }
  }
}
