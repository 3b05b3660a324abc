package org.pathways.hub.receive.pull.powerschool;

import java.net.URI;
import java.util.Objects;

/**
 * What signs the hub in to one district's PowerSchool.
 *
 * @param district the district's code
 * @param server the PowerSchool server's address, such as {@code https://ps.example.org}
 * @param clientId the plugin's client id
 * @param secret the plugin's client secret
 */
record Credentials(String district, URI server, String clientId, ClientSecret secret) {

  Credentials {
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "Credentials[district="
        + district
        + ", server="
        + server
        + ", clientId="
        + clientId
        + "]";
  }
}
