package dev.aifactory.policy.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The identity provider: issuer, access-token lifetime, the registered OAuth2 clients, the users
 * seeded at start-up and the dashboard's public client.
 */
@ConfigurationProperties("aifactory.identity")
public record IdentityProperties(
    @DefaultValue("http://127.0.0.1:8084") String issuer,
    @DefaultValue("1h") Duration tokenTtl,
    List<Client> clients,
    List<User> users,
    @DefaultValue Dashboard dashboard,
    @DefaultValue("10000") int maxStoredAuthorizations,
    @DefaultValue("24h") Duration secretGrace,
    External external) {

  public IdentityProperties {
    clients = clients == null ? List.of() : List.copyOf(clients);
    users = users == null ? List.of() : List.copyOf(users);
    if (dashboard == null) {
      dashboard = new Dashboard(null, null);
    }
  }

  /**
   * A client of the client-credentials grant. {@code secret} is plain text from configuration (or
   * already encoded when it starts with "{"); it is hashed before registration and never printed.
   */
  public record Client(String clientId, String secret, String team, List<String> roles) {

    public Client {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
      return "Client[clientId=" + clientId + ", team=" + team + ", roles=" + roles + "]";
    }
  }

  /**
   * A user created at start-up when no user of that name exists yet (so a password changed since
   * stays changed). {@code password} as for client secrets.
   */
  public record User(String username, String password, String team, List<String> roles) {

    public User {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
      return "User[username=" + username + ", team=" + team + ", roles=" + roles + "]";
    }
  }

  /**
   * An external OIDC issuer whose tokens policy's own API accepts too (next to its own): tokens
   * with {@code iss == issuer} are checked against {@code jwkSetUri}, else {@code
   * publicKeyLocation} (an X.509 PEM), else the issuer's discovery document. Null: own tokens only.
   */
  public record External(String issuer, String jwkSetUri, String publicKeyLocation) {

    public boolean configured() {
      return issuer != null && !issuer.isBlank();
    }
  }

  /**
   * The dashboard's public client (authorization code with PKCE): its redirect URIs, plus {@code
   * url}'s {@code /login/oauth2/code/aifactory} when the dashboard's own URL is configured.
   */
  public record Dashboard(List<String> redirectUris, String url) {

    public static final String CALLBACK = "/login/oauth2/code/aifactory";

    public List<String> allRedirectUris() {
      List<String> uris = new ArrayList<>(redirectUris == null ? List.of() : redirectUris);
      if (url != null && !url.isBlank()) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!uris.contains(base + CALLBACK)) {
          uris.add(base + CALLBACK);
        }
      }
      return List.copyOf(uris);
    }
  }
}
