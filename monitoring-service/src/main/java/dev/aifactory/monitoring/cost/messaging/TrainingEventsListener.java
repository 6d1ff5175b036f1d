package dev.aifactory.monitoring.cost.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.monitoring.cost.CostAccounting;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Training spend from completed runs; other training events are not needed. */
@Component
class TrainingEventsListener {

  static final String CONSUMER = "monitoring.costs";

  private final Inbox inbox;
  private final JsonMapper json;
  private final CostAccounting accounting;

  TrainingEventsListener(Inbox inbox, JsonMapper json, CostAccounting accounting) {
    this.inbox = inbox;
    this.json = json;
    this.accounting = accounting;
  }

  @KafkaListener(topics = Topics.TRAINING, groupId = "monitoring")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (!event.is("training.run-completed")) {
      return;
    }
    TrainingRunCompleted completed = event.data(json, TrainingRunCompleted.class);
    inbox.once(CONSUMER, event, () -> accounting.recordTraining(completed));
  }
}
