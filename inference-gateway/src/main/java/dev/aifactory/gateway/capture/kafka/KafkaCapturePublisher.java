package dev.aifactory.gateway.capture.kafka;

import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.outbox.CloudEventRecords;
import dev.aifactory.gateway.capture.CapturePublisher;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes capture batches straight to {@code aifactory.inference-captures} as binary-mode
 * CloudEvents, keyed by endpoint. Deliberately not through the outbox: captures are sampled
 * telemetry, losing a batch in a crash is acceptable, a database write per request is not.
 */
@Component
class KafkaCapturePublisher implements CapturePublisher {

  private final KafkaTemplate<String, String> kafka;
  private final JsonMapper json;
  private final String source;

  KafkaCapturePublisher(
      KafkaTemplate<String, String> kafka,
      JsonMapper json,
      @Value("${spring.application.name:inference-gateway}") String application) {
    this.kafka = kafka;
    this.json = json;
    this.source = "/" + application;
  }

  @Override
  public CompletableFuture<Void> publish(InferenceCaptured batch) {
    ProducerRecord<String, String> record =
        CloudEventRecords.of(
            batch,
            json.writeValueAsString(batch),
            UUID.randomUUID().toString(),
            source,
            Instant.now());
    return kafka.send(record).thenApply(result -> null);
  }

  @Override
  public void flush() {
    kafka.flush();
  }
}
