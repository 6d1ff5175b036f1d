package dev.aifactory.policy.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery settings: a failed attempt is retried after {@code initialBackoff}, doubling each time
 * up to {@code maxBackoff}, until {@code maxAttempts} attempts were made.
 */
@ConfigurationProperties("aifactory.webhooks")
public record WebhookProperties(
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("5s") Duration initialBackoff,
    @DefaultValue("1h") Duration maxBackoff,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("20") int batchSize) {

  /** The wait after the {@code attempts}-th failed attempt. */
  public Duration backoff(int attempts) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
