package dev.aifactory.monitoring.cost.messaging;

import dev.aifactory.common.events.HostingChanged;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.monitoring.cost.CapacityAccounting;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * SageMaker capacity from the gateway's hosting transitions; other endpoint events are not needed.
 * Its own consumer group: the rollout listener reads the same topic in group {@code monitoring},
 * and two listeners in one group would each get only some of the partitions.
 */
@Component
class HostingEventsListener {

  static final String CONSUMER = "monitoring.capacity";

  private final Inbox inbox;
  private final JsonMapper json;
  private final CapacityAccounting accounting;

  HostingEventsListener(Inbox inbox, JsonMapper json, CapacityAccounting accounting) {
    this.inbox = inbox;
    this.json = json;
    this.accounting = accounting;
  }

  @KafkaListener(topics = Topics.ENDPOINTS, groupId = "monitoring-capacity")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (!event.is("endpoint.hosting-changed")) {
      return;
    }
    HostingChanged changed = event.data(json, HostingChanged.class);
    inbox.once(CONSUMER, event, () -> accounting.hostingChanged(changed));
  }
}
