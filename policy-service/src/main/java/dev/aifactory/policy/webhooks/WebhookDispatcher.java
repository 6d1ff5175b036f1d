package dev.aifactory.policy.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due deliveries. Each request body is {@code {deliveryId, webhookId, attempt, timestamp,
 * event}}; {@code X-Aifactory-Signature: sha256=<hex>} is the HMAC-SHA256 of exactly that body with
 * the webhook's secret, and {@code X-Aifactory-Timestamp} repeats the signed timestamp so a
 * receiver can refuse stale or replayed requests. Requests run outside any transaction.
 */
@Component
public class WebhookDispatcher {

  public static final String SIGNATURE = "X-Aifactory-Signature";
  public static final String TIMESTAMP = "X-Aifactory-Timestamp";
  public static final String EVENT = "X-Aifactory-Event";
  public static final String DELIVERY = "X-Aifactory-Delivery";

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookManagement management;
  private final Webhooks webhooks;
  private final WebhookSender sender;
  private final JsonMapper json;
  private final Clock clock;

  WebhookDispatcher(
      WebhookManagement management,
      Webhooks webhooks,
      WebhookSender sender,
      JsonMapper json,
      Clock clock) {
    this.management = management;
    this.webhooks = webhooks;
    this.sender = sender;
    this.json = json;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${aifactory.webhooks.poll-interval:1s}")
  void deliverDue() {
    for (WebhookDelivery d : management.claimDue()) {
      WebhookSender.Response response;
      try {
        response = send(d);
      } catch (RuntimeException e) {
        response =
            new WebhookSender.Response(null, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      if (!response.ok()) {
        log.info(
            "Webhook delivery {} attempt {} failed: {} {}",
            d.id(),
            d.attempts(),
            response.status(),
            response.error());
      }
      management.attempted(d, response);
    }
  }

  private WebhookSender.Response send(WebhookDelivery d) {
    Webhook webhook = webhooks.find(d.webhookId()).orElseThrow();
    if (!webhook.active()) {
      return new WebhookSender.Response(null, "webhook was deleted");
    }
    String timestamp = clock.instant().toString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deliveryId", d.id().toString());
    body.put("webhookId", webhook.id().toString());
    body.put("attempt", d.attempts());
    body.put("timestamp", timestamp);
    body.put("event", json.readTree(d.event()));
    String text = json.writeValueAsString(body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(EVENT, d.eventType());
    headers.put(DELIVERY, d.id().toString());
    headers.put(TIMESTAMP, timestamp);
    headers.put(SIGNATURE, "sha256=" + hmacSha256(webhook.secret(), text));
    return sender.post(webhook.url(), headers, text);
  }

  /** Hex HMAC-SHA256 of the UTF-8 body under the UTF-8 secret. */
  public static String hmacSha256(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
