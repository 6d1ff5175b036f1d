package dev.aifactory.dashboard.login;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims the dashboard reads from an access token's payload. The signature is not checked: the
 * token came straight from the issuer over the back channel, and every service checks it again on
 * each call; the dashboard uses the claims only to choose what to display.
 */
record TokenClaims(String subject, String team, List<String> roles, Instant expiresAt) {

  static TokenClaims read(String jwt, JsonMapper json) {
    String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("the access token is not a JWT");
    }
    JsonNode payload;
    try {
      payload =
          json.readTree(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the access token's payload is not JSON", e);
    }
    List<String> roles = new ArrayList<>();
    JsonNode rolesNode = payload.path("roles");
    if (rolesNode.isArray()) {
      rolesNode.forEach(r -> roles.add(r.asString()));
    } else if (rolesNode.isString()) {
      roles.add(rolesNode.asString());
    }
    Instant expiresAt =
        payload.path("exp").isNumber() ? Instant.ofEpochSecond(payload.path("exp").asLong()) : null;
    return new TokenClaims(
        payload.path("sub").asString(""), payload.path("team").asString(""), roles, expiresAt);
  }
}
