package dev.aifactory.monitoring.rollout.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.monitoring.rollout.RolloutTracking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Follows rollouts (started, completed, rolled back); other endpoint events are not needed. */
@Component
class EndpointEventsListener {

  static final String CONSUMER = "monitoring.rollouts";

  private final Inbox inbox;
  private final JsonMapper json;
  private final RolloutTracking tracking;

  EndpointEventsListener(Inbox inbox, JsonMapper json, RolloutTracking tracking) {
    this.inbox = inbox;
    this.json = json;
    this.tracking = tracking;
  }

  @KafkaListener(topics = Topics.ENDPOINTS, groupId = "monitoring")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (event.is("endpoint.rollout-started")) {
      RolloutStarted started = event.data(json, RolloutStarted.class);
      inbox.once(CONSUMER, event, () -> tracking.started(started));
    } else if (event.is("endpoint.rollout-completed")) {
      RolloutCompleted completed = event.data(json, RolloutCompleted.class);
      inbox.once(CONSUMER, event, () -> tracking.completed(completed));
    } else if (event.is("endpoint.rolled-back")) {
      RolledBack rolledBack = event.data(json, RolledBack.class);
      inbox.once(CONSUMER, event, () -> tracking.rolledBack(rolledBack));
    }
  }
}
