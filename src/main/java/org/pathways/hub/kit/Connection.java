package org.pathways.hub.kit;

import java.util.Objects;

/**
 * Where a district reaches the hub, as the person asking for the kit reaches it: the hub does not
 * know its own public name, so the web layer takes it from the request.
 *
 * @param host the host name for SFTP
 * @param sftpPort the SFTP server's port
 * @param baseUrl the portal's and upload API's address, such as {@code https://hub.example.org}
 */
public record Connection(String host, int sftpPort, String baseUrl) {

  public Connection {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }
}
