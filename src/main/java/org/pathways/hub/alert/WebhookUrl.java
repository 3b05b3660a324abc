package org.pathways.hub.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook address. Slack and Teams put the token that lets anyone post to the channel in the URL
 * itself, so the URL is a secret: {@link #toString} and {@link #hint} show only the scheme, the
 * host and the last characters.
 */
final class WebhookUrl {

  private final URI uri;

  private WebhookUrl(URI uri) {
    this.uri = uri;
  }

  /**
   * @throws IllegalArgumentException when it is not an absolute http(s) address
   */
  static WebhookUrl parse(String text) {
    String t = text == null ? "" : text.strip();
    URI u;
    try {
      u = new URI(t);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The webhook address is not a URL", e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "The webhook address must start with https:// and name a host, such as"
              + " https://hooks.slack.com/services/...");
    }
    return new WebhookUrl(u);
  }

  URI uri() {
    return uri;
  }

  String hint() {
    String all = uri.toString();
    String tail = all.length() > 4 ? all.substring(all.length() - 4) : "";
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + "/…"
        + tail;
  }

  /** Replaces the whole address in a text, such as an exception's message, by its hint. */
  String scrub(String text) {
    return text == null ? null : text.replace(uri.toString(), hint());
  }

  @Override
  public String toString() {
    return "WebhookUrl[" + hint() + "]";
  }
}
