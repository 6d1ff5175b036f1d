package dev.aifactory.gateway.capture.kafka;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.gateway.capture.CapturePublisher;
import java.nio.charset.StandardCharsets;
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
        new ProducerRecord<>(batch.topic(), batch.key(), json.writeValueAsString(batch));
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
    header(record, CloudEventHeaders.TYPE, batch.cloudEventType());
    header(record, CloudEventHeaders.SOURCE, source);
    header(record, CloudEventHeaders.SUBJECT, batch.key());
    header(record, CloudEventHeaders.TIME, Instant.now().toString());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    if (batch.team() != null) {
      header(record, CloudEventHeaders.TEAM, batch.team());
    }
    return kafka.send(record).thenApply(result -> null);
  }

  @Override
  public void flush() {
    kafka.flush();
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
