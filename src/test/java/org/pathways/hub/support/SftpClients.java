package org.pathways.hub.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The SFTP clients districts use, run as separate processes against a hub on this machine. */
public final class SftpClients {

  private SftpClients() {}

  /** How a client process ended and what it printed. */
  public record Result(int exit, String output) {}

  /** OpenSSH's sftp in batch mode, signing in with a key. */
  public static Result openssh(int port, Path key, String user, Path work, String... commands)
      throws Exception {
    Path batch = work.resolve("batch-" + System.nanoTime());
    Files.writeString(batch, String.join("\n", commands) + "\n");
    return exec(
        List.of(
            "sftp",
            "-b",
            batch.toString(),
            "-i",
            key.toString(),
            "-P",
            Integer.toString(port),
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            user + "@127.0.0.1"));
  }

  /**
   * A paramiko script ({@code receive/paramiko_client.py}): exit 0 on success, 3 when the sign-in
   * is refused, 4 on an SFTP error.
   */
  public static Result paramiko(
      int port, Path work, String user, String password, String action, Path local, String remote)
      throws Exception {
    Path script = work.resolve("paramiko_client.py");
    if (!Files.exists(script)) {
      try (InputStream in = SftpClients.class.getResourceAsStream("/receive/paramiko_client.py")) {
        Files.copy(in, script);
      }
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                script.toString(),
                Integer.toString(port),
                user,
                password,
                action));
    if (local != null) {
      cmd.add(local.toString());
      cmd.add(remote);
    }
    return exec(cmd);
  }

  /** Runs a command to its end (at most a minute) with its output. */
  public static Result exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError(cmd.get(0) + " did not finish: " + out);
    }
    return new Result(p.exitValue(), out);
  }
}
