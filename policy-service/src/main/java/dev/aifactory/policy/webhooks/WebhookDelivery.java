package dev.aifactory.policy.webhooks;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One event to deliver to one webhook. {@code event} is the CloudEvent in structured JSON form;
 * {@code attempts} counts tries so far.
 */
public record WebhookDelivery(
    UUID id,
    UUID webhookId,
    String eventId,
    String eventType,
    String subject,
    String event,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Integer lastStatus,
    String lastError,
    Instant createdAt,
    Instant deliveredAt) {

  public enum Status {
    PENDING,
    DELIVERED,
    FAILED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }
}
