package dev.aifactory.policy.webhooks;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.ApiException.FieldProblem;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.PolicyProperties;
import dev.aifactory.policy.audit.AuditTrail;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook subscriptions of a team and the queue of their deliveries. Matching events are queued in
 * the transaction that consumes them (durable), and sent by {@link WebhookDispatcher}.
 */
@Service
public class WebhookManagement {

  /** The platform's event catalog that subscriptions may name (captures are too many to send). */
  public static final Set<String> EVENT_TYPES =
      Set.of(
          "dataset.version-registered",
          "training.run-requested",
          "training.run-started",
          "training.run-completed",
          "training.run-failed",
          "training.run-rejected",
          "training.run-cancelled",
          "model.version-registered",
          "model.version-approved",
          "model.version-rejected",
          "model.alias-moved",
          "endpoint.deployment-updated",
          "monitoring.window-evaluated",
          "monitoring.drift-detected",
          "monitoring.quality-degraded",
          "monitoring.budget-exceeded",
          "policy.decision-recorded");

  private static final int MAX_SECRET = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Webhooks webhooks;
  private final AuditTrail audit;
  private final PolicyProperties properties;
  private final WebhookProperties delivery;
  private final JsonMapper json;
  private final Clock clock;

  WebhookManagement(
      Webhooks webhooks,
      AuditTrail audit,
      PolicyProperties properties,
      WebhookProperties delivery,
      JsonMapper json,
      Clock clock) {
    this.webhooks = webhooks;
    this.audit = audit;
    this.properties = properties;
    this.delivery = delivery;
    this.json = json;
    this.clock = clock;
  }

  /** A consumed event, as the listener read it. {@code data} is the JSON payload. */
  public record Event(
      String id,
      String shortType,
      String cloudEventType,
      String source,
      String subject,
      String team,
      String data,
      Instant occurredAt) {}

  @Transactional
  public Webhook create(String url, List<String> events, String secret, Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("Creating webhooks requires the role ml-engineer or admin");
    }
    WebhookTarget target;
    try {
      target = WebhookTarget.parse(url, properties.devMode());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("url", e.getMessage());
    }
    if (events == null || events.isEmpty()) {
      throw ApiException.badRequest("events", "events must name at least one event type");
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!EVENT_TYPES.contains(events.get(i))) {
        problems.add(
            new FieldProblem(
                "events[" + i + "]",
                "unknown event type '" + events.get(i) + "'; one of " + EVENT_TYPES));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("Unknown event types", problems);
    }
    if (secret != null && (secret.length() < 16 || secret.length() > MAX_SECRET)) {
      throw ApiException.badRequest(
          "secret", "secret must have 16 to " + MAX_SECRET + " characters (or be omitted)");
    }
    String key = secret == null ? generatedSecret() : secret;
    Webhook webhook =
        new Webhook(
            UUID.randomUUID(),
            caller.team(),
            target.uri().toString(),
            List.copyOf(new LinkedHashSet<>(events)),
            key,
            true,
            caller.subject(),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    webhooks.add(webhook);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("webhookId", webhook.id().toString());
    details.put("url", webhook.url());
    details.put("events", webhook.events());
    audit.record(
        caller.subject(), "webhook.created", webhook.id().toString(), caller.team(), details);
    return webhook;
  }

  @Transactional(readOnly = true)
  public Paged<Webhook> list(Caller caller, PageRequest page) {
    return webhooks.find(caller.team(), page);
  }

  @Transactional(readOnly = true)
  public Webhook get(UUID id, Caller caller) {
    return webhooks
        .find(id)
        .filter(w -> caller.owns(w.team()))
        .orElseThrow(() -> ApiException.notFound("Webhook", id.toString()));
  }

  @Transactional
  public void delete(UUID id, Caller caller) {
    Webhook webhook = get(id, caller);
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("Deleting webhooks requires the role ml-engineer or admin");
    }
    webhooks.deactivate(webhook.id());
    audit.record(
        caller.subject(),
        "webhook.deleted",
        webhook.id().toString(),
        webhook.team(),
        Map.of("webhookId", webhook.id().toString()));
  }

  @Transactional(readOnly = true)
  public Paged<WebhookDelivery> deliveries(UUID id, Caller caller, PageRequest page) {
    return webhooks.deliveries(get(id, caller).id(), page);
  }

  /**
   * Queues the event for every active subscription of its team that existed when it occurred. Runs
   * in the consumer's inbox transaction.
   */
  @Transactional
  public int enqueue(Event e) {
    if (e.team() == null || e.shortType() == null) {
      return 0;
    }
    List<Webhook> targets = webhooks.subscribed(e.team(), e.shortType(), e.occurredAt());
    if (targets.isEmpty()) {
      return 0;
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", e.id());
    event.put("type", e.cloudEventType());
    event.put("source", e.source());
    event.put("subject", e.subject());
    event.put("time", e.occurredAt().toString());
    event.put("datacontenttype", "application/json");
    event.put("data", json.readTree(e.data()));
    String structured = json.writeValueAsString(event);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    for (Webhook w : targets) {
      webhooks.enqueue(
          new WebhookDelivery(
              UUID.randomUUID(),
              w.id(),
              e.id(),
              e.shortType(),
              e.subject(),
              structured,
              WebhookDelivery.Status.PENDING,
              0,
              now,
              null,
              null,
              now,
              null));
    }
    return targets.size();
  }

  /** Claims due deliveries for one dispatch round (attempt counted, leased meanwhile). */
  @Transactional
  public List<WebhookDelivery> claimDue() {
    Instant now = clock.instant();
    Instant lease = now.plus(delivery.timeout().multipliedBy(3));
    return webhooks.claimDue(now, lease, delivery.batchSize());
  }

  /** Records an attempt's outcome: delivered, retried after backoff, or given up. */
  @Transactional
  public void attempted(WebhookDelivery d, WebhookSender.Response response) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (response.ok()) {
      webhooks.delivered(d.id(), response.status(), now);
      return;
    }
    boolean giveUp = d.attempts() >= delivery.maxAttempts();
    webhooks.failedAttempt(
        d.id(),
        response.status(),
        response.error(),
        now.plus(delivery.backoff(d.attempts())),
        giveUp);
  }

  private static String generatedSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
