package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.web.ApiException;

/**
 * A request-rate limit as a token bucket: {@code requestsPerSecond} sustained, up to {@code burst}
 * requests at once after a quiet spell.
 */
public record Quota(double requestsPerSecond, int burst) {

  /** Highest rate that can be configured; beyond it a quota is pointless on one instance. */
  public static final double MAX_RATE = 1_000_000;

  /**
   * The quota a caller asked for, checked; null when {@code requestsPerSecond} is null (no quota).
   * A missing burst is one second's worth of requests (at least 1).
   */
  public static Quota of(Double requestsPerSecond, Integer burst) {
    if (requestsPerSecond == null) {
      if (burst != null) {
        throw ApiException.badRequest("burst", "needs requestsPerSecond as well");
      }
      return null;
    }
    if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_RATE)) {
      throw ApiException.badRequest(
          "requestsPerSecond", "must be more than 0 and at most " + (long) MAX_RATE);
    }
    int b = burst == null ? (int) Math.max(1, Math.ceil(requestsPerSecond)) : burst;
    if (b < 1 || b > MAX_RATE) {
      throw ApiException.badRequest("burst", "must be between 1 and " + (long) MAX_RATE);
    }
    return new Quota(requestsPerSecond, b);
  }
}
