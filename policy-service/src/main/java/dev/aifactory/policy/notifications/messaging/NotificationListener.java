package dev.aifactory.policy.notifications.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.policy.notifications.NotificationProperties;
import dev.aifactory.policy.notifications.Notifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands the selected event types to the {@link Notifier} as structured CloudEvents, in a consumer
 * group of its own. Only present with the aws adapter.
 */
@Component
@ConditionalOnProperty(name = "aifactory.policy.notifications.adapter", havingValue = "aws")
class NotificationListener {

  static final String CONSUMER = "policy-notifications";

  private final Inbox inbox;
  private final Notifier notifier;
  private final NotificationProperties properties;
  private final JsonMapper json;

  NotificationListener(
      Inbox inbox, Notifier notifier, NotificationProperties properties, JsonMapper json) {
    this.inbox = inbox;
    this.notifier = notifier;
    this.properties = properties;
    this.json = json;
  }

  @KafkaListener(
      topics = {Topics.MODELS, Topics.MONITORING, Topics.POLICY},
      groupId = CONSUMER)
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    String type = event.shortType();
    if (type == null || event.id() == null || !properties.events().contains(type)) {
      return;
    }
    String team = json.readTree(record.value()).path("team").stringValue(null);
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("specversion", "1.0");
    structured.put("id", event.id());
    structured.put("type", event.type());
    structured.put("source", event.source());
    structured.put("subject", event.subject());
    structured.put("time", Instant.ofEpochMilli(record.timestamp()).toString());
    structured.put("datacontenttype", "application/json");
    structured.put("data", json.readTree(record.value()));
    String message = json.writeValueAsString(structured);
    // Published inside the inbox transaction: a failure rolls back and the record is retried.
    inbox.once(CONSUMER, event, () -> notifier.publish(type, team, event.subject(), message));
  }
}
