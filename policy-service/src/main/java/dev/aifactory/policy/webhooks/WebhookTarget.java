package dev.aifactory.policy.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A webhook URL that may receive events: absolute https with a host. In dev mode plain http is
 * accepted too, but only to a loopback address (a receiver on the developer's machine).
 */
public record WebhookTarget(URI uri) {

  /**
   * Parses and checks the URL.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static WebhookTarget parse(String url, boolean devMode) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url is required");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException("url must be absolute, with a host and no credentials");
    }
    if (scheme.equals("https")) {
      return new WebhookTarget(uri);
    }
    if (scheme.equals("http") && devMode && loopback(uri.getHost())) {
      return new WebhookTarget(uri);
    }
    throw new IllegalArgumentException(
        devMode
            ? "url must use https (plain http only to a loopback address in dev mode)"
            : "url must use https");
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses: resolving a name here would ask DNS on every request.
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
      return false;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
