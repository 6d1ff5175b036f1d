package dev.aifactory.monitoring.baseline.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.monitoring.baseline.BaselineRegistration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Takes the baseline of every registered model version; other model events are not needed. */
@Component
class ModelEventsListener {

  static final String CONSUMER = "monitoring.baselines";

  private final Inbox inbox;
  private final JsonMapper json;
  private final BaselineRegistration registration;

  ModelEventsListener(Inbox inbox, JsonMapper json, BaselineRegistration registration) {
    this.inbox = inbox;
    this.json = json;
    this.registration = registration;
  }

  @KafkaListener(topics = Topics.MODELS, groupId = "monitoring")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (!event.is("model.version-registered")) {
      return;
    }
    ModelVersionRegistered registered = event.data(json, ModelVersionRegistered.class);
    inbox.once(CONSUMER, event, () -> registration.register(registered));
  }
}
