package dev.aifactory.training.run.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.training.run.TrainingRunManagement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

@Component
class TrainingRequestsListener {

  private final Inbox inbox;
  private final JsonMapper json;
  private final TrainingRunManagement management;

  TrainingRequestsListener(Inbox inbox, JsonMapper json, TrainingRunManagement management) {
    this.inbox = inbox;
    this.json = json;
    this.management = management;
  }

  @KafkaListener(topics = Topics.TRAINING, groupId = "training")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent e = IncomingEvent.from(record);
    if (e.is("training.run-requested")) {
      TrainingRunRequested request = e.data(json, TrainingRunRequested.class);
      inbox.once("training.run-requests", e, () -> management.requested(request));
    }
  }
}
