package dev.aifactory.policy.webhooks;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored webhook subscriptions and their durable delivery queue. */
public interface Webhooks {

  void add(Webhook webhook);

  Optional<Webhook> find(UUID id);

  Paged<Webhook> find(String team, PageRequest page);

  void deactivate(UUID id);

  /**
   * Active webhooks of the team subscribed to {@code eventType}, created at or before {@code at}.
   */
  List<Webhook> subscribed(String team, String eventType, Instant at);

  /** Queues the delivery; a second one for the same webhook and event is ignored. */
  void enqueue(WebhookDelivery delivery);

  /**
   * Claims up to {@code limit} due deliveries: counts the attempt and leases them until {@code
   * leaseUntil}, so another instance does not send them meanwhile.
   */
  List<WebhookDelivery> claimDue(Instant now, Instant leaseUntil, int limit);

  void delivered(UUID id, int status, Instant at);

  void failedAttempt(UUID id, Integer status, String error, Instant retryAt, boolean giveUp);

  Paged<WebhookDelivery> deliveries(UUID webhookId, PageRequest page);
}
