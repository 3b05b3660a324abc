package org.pathways.hub.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The two stores every store test runs on: the embedded default (a fresh data directory) and the
 * PostgreSQL server of the development and CI machines (a fresh database, dropped afterwards).
 */
public enum TestStore {
  EMBEDDED,
  SERVER;

  public static final String SERVER_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  /** Spring arguments for a fresh store of this kind, and what to clean up after. */
  public Prepared prepare() throws Exception {
    Path dataDir = Files.createTempDirectory("hub-test-");
    List<String> args = new ArrayList<>();
    args.add("--hub.data-dir=" + dataDir);
    String database = null;
    if (this == SERVER) {
      database =
          "hub_test_"
              + UUID.randomUUID()
                  .toString()
                  .replace("-", "")
                  .substring(0, 12)
                  .toLowerCase(Locale.ROOT);
      try (Connection c = DriverManager.getConnection(SERVER_ADMIN_URL, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("create database " + database);
      }
      args.add("--hub.db-url=jdbc:postgresql://127.0.0.1:5432/" + database);
    }
    return new Prepared(this, dataDir, database, List.copyOf(args), true);
  }

  /** The embedded store in a given data directory, which the caller keeps and removes. */
  public static Prepared embeddedAt(Path dataDir) {
    return new Prepared(EMBEDDED, dataDir, null, List.of("--hub.data-dir=" + dataDir), false);
  }

  /** A store made ready for one test class. */
  public record Prepared(
      TestStore kind, Path dataDir, String database, List<String> args, boolean ownsDataDir) {
    public void drop() {
      if (database != null) {
        try (Connection c = DriverManager.getConnection(SERVER_ADMIN_URL, "postgres", "");
            Statement st = c.createStatement()) {
          st.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
          // a leftover test database is harmless and named as such
        }
      }
      if (ownsDataDir) {
        TestFiles.deleteTree(dataDir);
      }
    }
  }
}
