package org.pathways.hub.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Saves a district's PowerSchool connection. The client secret is read from standard input, never
 * from the command line, where other users and the shell history would see it.
 */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    description =
        "Save a district's PowerSchool server address and the Pathways plugin's client id; the"
            + " client secret is read from standard input (an empty line keeps the saved one).")
final class PowerSchoolConfigureCommand extends DistrictScopedCommand {

  @Option(
      names = "--url",
      required = true,
      description = "The PowerSchool server's address, such as https://ps.example.org.")
  String url;

  @Option(names = "--client-id", required = true, description = "The plugin's client id.")
  String clientId;

  @Override
  void run(ConfigurableApplicationContext ctx) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String secret = in.readLine();
    PowerSchoolConnections.Settings saved =
        ctx.getBean(PowerSchoolConnections.class)
            .save(district, url, clientId, secret == null ? "" : secret, "cli");
    ctx.getBean(AuditLog.class)
        .record(
            "cli",
            "powerschool.configure",
            district,
            saved.server().toString(),
            null,
            "ok",
            "client id "
                + saved.clientId()
                + (secret == null || secret.isBlank() ? "" : ", new secret"));
    out()
        .printf(
            "PowerSchool connection of %s saved: %s, client id %s%n",
            district, saved.server(), saved.clientId());
    out().println("Test it with: hub powerschool test --district " + district);
  }
}
