package dev.aifactory.policy.webhooks.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.webhooks.Webhook;
import dev.aifactory.policy.webhooks.WebhookDelivery;
import dev.aifactory.policy.webhooks.WebhookManagement;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

  private final WebhookManagement webhooks;

  WebhookController(WebhookManagement webhooks) {
    this.webhooks = webhooks;
  }

  record WebhookRequest(String url, List<String> events, String secret) {}

  /** {@code secret} is shown once, in the answer to the create request. */
  record WebhookView(
      UUID id,
      String team,
      String url,
      List<String> events,
      String secret,
      String createdBy,
      Instant createdAt) {

    static WebhookView of(Webhook w, boolean withSecret) {
      return new WebhookView(
          w.id(),
          w.team(),
          w.url(),
          w.events(),
          withSecret ? w.secret() : null,
          w.createdBy(),
          w.createdAt());
    }
  }

  record DeliveryView(
      UUID id,
      String eventId,
      String eventType,
      String subject,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Integer lastStatus,
      String lastError,
      Instant createdAt,
      Instant deliveredAt) {

    static DeliveryView of(WebhookDelivery d) {
      return new DeliveryView(
          d.id(),
          d.eventId(),
          d.eventType(),
          d.subject(),
          d.status().id(),
          d.attempts(),
          d.status() == WebhookDelivery.Status.PENDING ? d.nextAttemptAt() : null,
          d.lastStatus(),
          d.lastError(),
          d.createdAt(),
          d.deliveredAt());
    }
  }

  @PostMapping
  ResponseEntity<WebhookView> create(@RequestBody WebhookRequest request, Caller caller) {
    Webhook webhook = webhooks.create(request.url(), request.events(), request.secret(), caller);
    return ResponseEntity.created(URI.create("/api/v1/webhooks/" + webhook.id()))
        .body(WebhookView.of(webhook, true));
  }

  @GetMapping
  Paged<WebhookView> list(
      Caller caller,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return webhooks.list(caller, PageRequest.of(page, size)).map(w -> WebhookView.of(w, false));
  }

  @GetMapping("/{id}")
  WebhookView get(@PathVariable UUID id, Caller caller) {
    return WebhookView.of(webhooks.get(id, caller), false);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
    webhooks.delete(id, caller);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/deliveries")
  Paged<DeliveryView> deliveries(
      @PathVariable UUID id,
      Caller caller,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return webhooks.deliveries(id, caller, PageRequest.of(page, size)).map(DeliveryView::of);
  }
}
