package org.pathways.hub.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own settings ({@code hub.*}).
 *
 * @param dataDir where the embedded store, the vault and the host keys live
 * @param dbUrl a PostgreSQL JDBC URL; when set, the embedded store is not started
 * @param dbUser the database user for {@code dbUrl}
 * @param dbPassword the database password for {@code dbUrl}; never logged
 * @param maxRecordKb the longest record read, in KB
 * @param maxFileMb the most one data file may expand to, in MB
 */
@ConfigurationProperties(prefix = "hub")
public record HubProperties(
    @DefaultValue("./data") Path dataDir,
    String dbUrl,
    @DefaultValue("postgres") String dbUser,
    String dbPassword,
    @DefaultValue("1024") int maxRecordKb,
    @DefaultValue("8192") long maxFileMb) {

  public HubProperties {
    if (maxRecordKb < 1) {
      throw new IllegalArgumentException("hub.max-record-kb must be at least 1");
    }
    if (maxFileMb < 1) {
      throw new IllegalArgumentException("hub.max-file-mb must be at least 1");
    }
  }

  @Override
  public String toString() {
    return "HubProperties[dataDir="
        + dataDir
        + ", dbUrl="
        + dbUrl
        + ", dbUser="
        + dbUser
        + ", dbPassword="
        + (dbPassword == null ? "none" : "****")
        + "]";
  }
}
