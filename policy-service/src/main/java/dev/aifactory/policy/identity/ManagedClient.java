package dev.aifactory.policy.identity;

import java.time.Instant;
import java.util.List;

/**
 * A client of the client-credentials grant as stored: secrets as hashes only. While {@code
 * previousValidUntil} is ahead, the secret before the last rotation is accepted too. {@code
 * configured} clients come from configuration and follow it until their secret is rotated.
 */
public record ManagedClient(
    String clientId,
    String secretHash,
    String previousSecretHash,
    Instant previousValidUntil,
    String team,
    List<String> roles,
    boolean enabled,
    boolean configured,
    Instant secretRotatedAt,
    Instant createdAt) {

  @Override
  public String toString() {
    return "ManagedClient[clientId=" + clientId + ", team=" + team + ", roles=" + roles + "]";
  }
}
