package dev.aifactory.monitoring.window.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.monitoring.window.CaptureIngestion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Stores captured inference batches; a batch delivered twice is stored once (inbox). */
@Component
class CaptureListener {

  static final String CONSUMER = "monitoring.captures";

  private final Inbox inbox;
  private final JsonMapper json;
  private final CaptureIngestion ingestion;

  CaptureListener(Inbox inbox, JsonMapper json, CaptureIngestion ingestion) {
    this.inbox = inbox;
    this.json = json;
    this.ingestion = ingestion;
  }

  @KafkaListener(topics = Topics.INFERENCE_CAPTURES, groupId = "monitoring")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (!event.is("inference.captured")) {
      return;
    }
    InferenceCaptured batch = event.data(json, InferenceCaptured.class);
    inbox.once(CONSUMER, event, () -> ingestion.accept(batch));
  }
}
