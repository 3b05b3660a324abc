package org.pathways.hub.receive.pull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An address the hub pulls from, as typed into the settings page or a command: an https URL. Plain
 * http is taken only for a server on this machine (a simulator in tests), since the client secret
 * and students' records would otherwise cross the network in clear.
 */
public final class PullAddress {

  private PullAddress() {}

  /**
   * Checks the parts every pull address shares; the caller checks what else its service allows.
   *
   * @param blank what to say when nothing was given
   * @param label the address in words, such as {@code PowerSchool} or {@code OneRoster token}
   * @param example an address of the right shape, to show
   * @throws IllegalArgumentException saying what is wrong and what to give instead
   */
  public static URI parse(String text, String blank, String label, String example) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(blank);
    }
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is not an address; give one like " + example, e);
    }
    String scheme = scheme(url);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is not an address; give one like " + example);
    }
    if (scheme.equals("http") && !loopback(url.getHost())) {
      throw new IllegalArgumentException(
          "The "
              + label
              + " address must start with https://, not http://: the client secret and students'"
              + " records must not cross the network in clear");
    }
    return url;
  }

  /** The scheme in lower case, or empty. */
  public static String scheme(URI url) {
    return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
  }

  private static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }
}
