package org.pathways.hub.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the command line in this JVM, on one test store, and keeps what it printed. */
final class Cli {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One invocation: its exit status and what it wrote to standard output and error. */
  record Result(int status, String out, String err) {

    /** The lines of standard output that are not blank. */
    List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Standard output as JSON Lines: one object per non-blank line. */
    List<JsonNode> json() {
      return lines().stream().map(JSON::readTree).toList();
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final String dbUrl;
  private final List<String> storeOptions;

  /** The command line's own store options for a store the test support prepared. */
  Cli(TestStore.Prepared store) {
    List<String> options = new ArrayList<>();
    String url = null;
    for (String arg : store.args()) {
      // --hub.data-dir=DIR becomes --data-dir DIR, --hub.db-url=URL becomes --db-url URL
      int eq = arg.indexOf('=');
      String name = "--" + arg.substring("--hub.".length(), eq);
      String value = arg.substring(eq + 1);
      options.add(name);
      options.add(value);
      if (name.equals("--db-url")) {
        url = value;
      }
    }
    this.storeOptions = List.copyOf(options);
    this.dbUrl = url;
  }

  /** Runs a command line as given, without store options. */
  static Result plain(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      status = HubCommand.run(o, e, args);
    }
    return new Result(status, out.toString(), err.toString());
  }

  /** Runs a command with the test store's options appended. */
  Result run(String... args) {
    return plain(withStore(args));
  }

  /**
   * Runs a command that prints its data to the process's standard output (export), with the test
   * store's options appended; that output is returned as the result's {@code out}.
   */
  Result runCapturingStdout(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Result r;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      try {
        r = run(args);
      } finally {
        System.setOut(original);
      }
    }
    return new Result(r.status(), r.out() + bytes.toString(StandardCharsets.UTF_8), r.err());
  }

  private String[] withStore(String... args) {
    return Stream.concat(Stream.of(args), storeOptions.stream()).toArray(String[]::new);
  }

  /** The first column of the first row of a query on the test store, or null without a row. */
  Object query(String sql, Object... params) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  long count(String sql, Object... params) throws SQLException {
    return ((Number) query(sql, params)).longValue();
  }
}
