package dev.aifactory.policy.webhooks.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.policy.webhooks.WebhookManagement;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues webhook deliveries for the platform's events, in its own consumer group so that webhooks
 * never hold up the loop. Captures are not offered (too many, and not in the catalog).
 */
@Component
class WebhookListener {

  static final String CONSUMER = "policy-webhooks";

  private final Inbox inbox;
  private final WebhookManagement webhooks;
  private final JsonMapper json;

  WebhookListener(Inbox inbox, WebhookManagement webhooks, JsonMapper json) {
    this.inbox = inbox;
    this.webhooks = webhooks;
    this.json = json;
  }

  @KafkaListener(
      topics = {
        Topics.DATASETS,
        Topics.TRAINING,
        Topics.MODELS,
        Topics.ENDPOINTS,
        Topics.MONITORING,
        Topics.POLICY
      },
      groupId = CONSUMER)
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    String type = event.shortType();
    if (type == null
        || event.id() == null
        || !WebhookManagement.EVENT_TYPES.contains(type)
        || record.value() == null) {
      return;
    }
    JsonNode data = json.readTree(record.value());
    String team = data.path("team").stringValue(null);
    if (team == null) {
      return;
    }
    WebhookManagement.Event e =
        new WebhookManagement.Event(
            event.id(),
            type,
            event.type(),
            event.source(),
            event.subject(),
            team,
            record.value(),
            Instant.ofEpochMilli(record.timestamp()));
    inbox.once(CONSUMER, event, () -> webhooks.enqueue(e));
  }
}
