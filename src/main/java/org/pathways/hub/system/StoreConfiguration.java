package org.pathways.hub.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      return new EmbeddedStore(null);
    }
    Path dir = Files.createDirectories(props.dataDir().toAbsolutePath().normalize().resolve("pg"));
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
      return new EmbeddedStore(pg);
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException(
          "The embedded database in "
              + dir
              + " could not start ("
              + e.getMessage()
              + "). Is another hub using the same --data-dir?",
          e);
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

  /** The embedded server, or none when an external database is used. */
  record EmbeddedStore(EmbeddedPostgres pg) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
