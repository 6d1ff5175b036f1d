package dev.aifactory.training.dataset.messaging;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.training.dataset.DatasetProjection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

@Component
class DatasetEventsListener {

  private final Inbox inbox;
  private final JsonMapper json;
  private final DatasetProjection projection;

  DatasetEventsListener(Inbox inbox, JsonMapper json, DatasetProjection projection) {
    this.inbox = inbox;
    this.json = json;
    this.projection = projection;
  }

  @KafkaListener(topics = Topics.DATASETS, groupId = "training")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent e = IncomingEvent.from(record);
    if (e.is("dataset.version-registered")) {
      DatasetVersionRegistered event = e.data(json, DatasetVersionRegistered.class);
      inbox.once("training.dataset-projection", e, () -> projection.on(event));
    }
  }
}
