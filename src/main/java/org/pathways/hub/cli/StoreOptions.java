package org.pathways.hub.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose the store, shared by every command that reads or writes it. */
public final class StoreOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the embedded database and the vault live (default: ./data).")
  Path dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC-URL",
      description =
          "A PostgreSQL JDBC URL, such as jdbc:postgresql://127.0.0.1:5432/hub; the embedded database is then not started.")
  String dbUrl;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db-url.")
  String dbUser;

  /** The options as Spring arguments. */
  List<String> springArgs() {
    List<String> out = new ArrayList<>();
    if (dataDir != null) {
      out.add("--hub.data-dir=" + dataDir);
    }
    if (dbUrl != null) {
      out.add("--hub.db-url=" + dbUrl);
    }
    if (dbUser != null) {
      out.add("--hub.db-user=" + dbUser);
    }
    return out;
  }
}
