package dev.aifactory.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signing credentials accepted on the SageMaker-runtime compatible path: {@code credentials.<access
 * key id>} = the secret, the team it acts as and its roles. ADR 0012/0017: the access key id is the
 * client id; until policy-service issues and hands out signing secrets, they are configured here.
 * {@code maxClockSkew} bounds how old (or how far in the future) a signed request's {@code
 * X-Amz-Date} may be.
 */
@ConfigurationProperties("aifactory.gateway.sigv4")
public record SigV4Properties(
    Map<String, Credential> credentials, @DefaultValue("5m") Duration maxClockSkew) {

  public SigV4Properties {
    credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
  }

  public record Credential(String secret, String team, List<String> roles) {
    public Credential {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
