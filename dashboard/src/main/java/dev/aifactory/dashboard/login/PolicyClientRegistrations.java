package dev.aifactory.dashboard.login;

import dev.aifactory.dashboard.DashboardProperties;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The one client registration, {@code aifactory}: the dashboard as policy-service's public client
 * (no secret, so Spring Security adds PKCE to every authorization request), with the endpoints read
 * from the issuer's discovery document. Discovery happens on first use, not at startup, so the
 * dashboard starts (and the service-account sign-in works) while policy-service is still down; a
 * failed discovery is retried on the next sign-in.
 */
@Component
class PolicyClientRegistrations implements ClientRegistrationRepository {

  static final String REGISTRATION_ID = "aifactory";

  private final DashboardProperties properties;
  private final AtomicReference<ClientRegistration> discovered = new AtomicReference<>();

  PolicyClientRegistrations(DashboardProperties properties) {
    this.properties = properties;
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    if (!REGISTRATION_ID.equals(registrationId)) {
      return null;
    }
    try {
      return registration();
    } catch (IdentityProviderUnavailable e) {
      return null;
    }
  }

  /** The registration, discovering the issuer's endpoints if not done yet. */
  ClientRegistration registration() {
    ClientRegistration known = discovered.get();
    if (known != null) {
      return known;
    }
    ClientRegistration registration;
    try {
      registration =
          ClientRegistrations.fromIssuerLocation(properties.issuer().toString())
              .registrationId(REGISTRATION_ID)
              .clientId(properties.clientId())
              .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
              .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
              .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
              .scope("openid", "profile")
              .clientName("policy-service")
              .build();
    } catch (RuntimeException e) {
      throw new IdentityProviderUnavailable(
          "The identity provider (policy-service at "
              + properties.issuer()
              + ") could not be reached or offers no user sign-in yet. Try again when it is"
              + " running, or sign in with a service account below.");
    }
    discovered.compareAndSet(null, registration);
    return discovered.get();
  }

  /** The issuer's discovery document could not be read: said in words on the sign-in page. */
  static final class IdentityProviderUnavailable extends RuntimeException {
    IdentityProviderUnavailable(String message) {
      super(message);
    }
  }
}
