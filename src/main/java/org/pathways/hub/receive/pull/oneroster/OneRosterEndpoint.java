package org.pathways.hub.receive.pull.oneroster;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how the hub reaches a district's OneRoster REST service. The client secret hides
 * itself: {@link #toString} never shows it, and nothing logs it.
 *
 * @param baseUrl the service's address, with or without the rostering path ({@code
 *     /ims/oneroster/v1p1} or {@code /ims/oneroster/rostering/v1p2})
 * @param tokenUrl the OAuth 2 token endpoint
 * @param clientId the client id the SIS issued to the hub
 * @param clientSecret the client secret
 * @param version the OneRoster version the service speaks
 */
public record OneRosterEndpoint(
    URI baseUrl, URI tokenUrl, String clientId, String clientSecret, OneRoster.Version version) {

  public OneRosterEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(version, "version");
    for (URI u : new URI[] {baseUrl, tokenUrl}) {
      if (u.getScheme() == null
          || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
          || u.getHost() == null) {
        throw new IllegalArgumentException(
            "'" + u + "' is not an http(s) address such as https://sis.example.org");
      }
    }
  }

  /** The address of a collection, such as {@code users}, under the version's rostering path. */
  public URI collection(String name) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    if (!base.endsWith(version.path())) {
      base = base + version.path();
    }
    return URI.create(base + "/" + name);
  }

  @Override
  public String toString() {
    return "OneRosterEndpoint[baseUrl="
        + baseUrl
        + ", tokenUrl="
        + tokenUrl
        + ", clientId="
        + clientId
        + ", clientSecret=(hidden), version="
        + version.label()
        + "]";
  }
}
