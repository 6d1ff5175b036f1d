package dev.aifactory.policy.identity.web;

import dev.aifactory.policy.identity.Clients;
import dev.aifactory.policy.identity.GracePasswordEncoder;
import dev.aifactory.policy.identity.ManagedClient;
import java.time.Clock;
import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The authorization server's clients: the dashboard's public client from configuration, every
 * client-credentials client from the {@code clients} table (read per token request, so a new
 * client, a rotation or a disabled client takes effect at once on every instance).
 */
class StoredRegisteredClients implements RegisteredClientRepository {

  static final String TEAM = "team";
  static final String ROLES = "roles";

  private final Clients clients;
  private final RegisteredClient dashboard;
  private final TokenSettings tokens;
  private final Clock clock;

  StoredRegisteredClients(
      Clients clients, RegisteredClient dashboard, TokenSettings tokens, Clock clock) {
    this.clients = clients;
    this.dashboard = dashboard;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** Clients are managed through the admin API; the authorization server never writes them. */
  @Override
  public void save(RegisteredClient registeredClient) {
    // deliberately not stored: GracePasswordEncoder never asks for a re-encoded secret
  }

  @Override
  public RegisteredClient findById(String id) {
    return findByClientId(id);
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    if (dashboard != null && dashboard.getClientId().equals(clientId)) {
      return dashboard;
    }
    return clients.find(clientId).filter(ManagedClient::enabled).map(this::registered).orElse(null);
  }

  private RegisteredClient registered(ManagedClient c) {
    return RegisteredClient.withId(c.clientId())
        .clientId(c.clientId())
        .clientSecret(GracePasswordEncoder.secret(c, clock.instant()))
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scope(AuthorizationServerSecurity.API_SCOPE)
        .tokenSettings(tokens)
        .clientSettings(
            ClientSettings.builder()
                .setting(TEAM, c.team())
                .setting(ROLES, List.copyOf(c.roles()))
                .build())
        .build();
  }
}
