package org.pathways.hub.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store: the PostgreSQL server named by {@code hub.db-url}, or else PostgreSQL itself run
 * embedded under {@code hub.data-dir}, so the default and production speak one SQL dialect
 * (docs/decisions/0001-embedded-postgresql.md).
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedStore embeddedStore(HubProperties props) throws IOException {
    if (props.dbUrl() != null && !props.dbUrl().isBlank()) {
      return new EmbeddedStore(null, null);
    }
    Path root = Files.createDirectories(props.dataDir().toAbsolutePath().normalize());
    Path dir = Files.createDirectories(root.resolve("pg"));
    // The lock lives as long as this process and is released by the OS when it dies, however it
    // dies: it tells a live hub on this directory from one that was killed.
    FileChannel lockFile =
        FileChannel.open(
            root.resolve("hub.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by another hub in this same JVM
    }
    if (lock == null) {
      lockFile.close();
      throw new IllegalStateException(
          "The data directory "
              + root
              + " is in use by another hub process; stop it, or give this one another --data-dir");
    }
    stopOrphan(dir);
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "50")
              // Sized for nightly bulk loads rather than the server's tiny defaults.
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("max_wal_size", "4GB")
              .setServerConfig("checkpoint_timeout", "15min")
              .setServerConfig("fsync", "on")
              .start();
      log.info("Embedded PostgreSQL started on port {} with its data in {}", pg.getPort(), dir);
      return new EmbeddedStore(pg, lockFile);
    } catch (IOException | IllegalStateException e) {
      lockFile.close();
      throw new IllegalStateException(
          "The embedded database in " + dir + " could not start (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The embedded server runs detached from the hub, so a hub killed outright (SIGKILL, a power cut
   * of the JVM alone) leaves it running on the data directory and the next start would fail.
   * Holding the directory's lock proves no live hub owns it, so a server still running there is
   * such an orphan: it is asked to stop (SIGTERM, a clean shutdown), and killed only if it will
   * not.
   */
  private static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first =
        Files.readAllLines(pidFile, java.nio.charset.StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("");
    if (!first.trim().matches("\\d+")) {
      return;
    }
    Optional<ProcessHandle> orphan = ProcessHandle.of(Long.parseLong(first.trim()));
    if (orphan.isEmpty()
        || !orphan.get().isAlive()
        || !orphan.get().info().commandLine().map(c -> c.contains(dir.toString())).orElse(false)) {
      return; // a stale file: PostgreSQL itself handles it on start
    }
    log.warn(
        "Stopping the embedded database (pid {}) left running by a hub that stopped abruptly",
        orphan.get().pid());
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      orphan.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned embedded database", e);
    } catch (ExecutionException e) {
      throw new IOException("Could not stop the orphaned embedded database", e);
    }
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(HubProperties props, EmbeddedStore embedded) {
    HikariConfig config = new HikariConfig();
    if (embedded.pg() != null) {
      config.setJdbcUrl(embedded.pg().getJdbcUrl("postgres", "postgres"));
      config.setUsername("postgres");
    } else {
      config.setJdbcUrl(props.dbUrl());
      config.setUsername(props.dbUser());
      if (props.dbPassword() != null) {
        config.setPassword(props.dbPassword());
      }
    }
    config.setMaximumPoolSize(10);
    config.setPoolName("hub");
    return new HikariDataSource(config);
  }

  /** The embedded server and the data directory's lock, or none when a server is used. */
  record EmbeddedStore(EmbeddedPostgres pg, FileChannel lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        if (pg != null) {
          pg.close();
        }
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
  }
}
