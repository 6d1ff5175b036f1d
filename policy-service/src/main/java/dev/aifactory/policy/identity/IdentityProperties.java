package dev.aifactory.policy.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The identity provider: issuer, access-token lifetime and the registered OAuth2 clients. */
@ConfigurationProperties("aifactory.identity")
public record IdentityProperties(
    @DefaultValue("http://127.0.0.1:8084") String issuer,
    @DefaultValue("1h") Duration tokenTtl,
    List<Client> clients) {

  public IdentityProperties {
    clients = clients == null ? List.of() : List.copyOf(clients);
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
}
