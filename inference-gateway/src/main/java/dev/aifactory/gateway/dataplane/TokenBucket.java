package dev.aifactory.gateway.dataplane;

/**
 * A token bucket: holds up to {@code burst} tokens, refills at {@code ratePerSecond}, one token per
 * request. Time comes from the caller (nanoTime), so tests drive it without sleeping. The critical
 * section is a few arithmetic operations, so a monitor is cheaper than anything cleverer here.
 */
final class TokenBucket {

  private static final double EPSILON = 1e-9;

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1, burst);
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes a token: 0 if granted, else how many nanoseconds until one will be there. */
  synchronized long take(long nowNanos) {
    if (nowNanos > refilledAt) {
      tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * ratePerNano);
      refilledAt = nowNanos;
    }
    // Tolerance for floating-point refill: ten refills of 0.1 sum to 0.999..., which would
    // otherwise make a client at exactly the allowed rate miss every eleventh request.
    if (tokens >= 1 - EPSILON) {
      tokens = Math.max(0, tokens - 1);
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano);
  }
}
