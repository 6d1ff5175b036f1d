package dev.aifactory.common.outbox;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka records in the CloudEvents 1.0 Kafka protocol binding, binary content mode: JSON payload as
 * the value, attributes as {@code ce_*} headers, the aggregate id as key and subject. The one place
 * that writes these headers (the outbox relay, and direct telemetry such as captures).
 */
public final class CloudEventRecords {

  private CloudEventRecords() {}

  /** A record for {@code event} serialized as {@code payload}. */
  public static ProducerRecord<String, String> of(
      DomainEvent event, String payload, String id, String source, Instant time) {
    return of(
        event.topic(),
        event.key(),
        event.cloudEventType(),
        event.team(),
        payload,
        id,
        source,
        time);
  }

  public static ProducerRecord<String, String> of(
      String topic,
      String key,
      String type,
      String team,
      String payload,
      String id,
      String source,
      Instant time) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
    header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
    header(record, CloudEventHeaders.ID, id);
    header(record, CloudEventHeaders.TYPE, type);
    header(record, CloudEventHeaders.SOURCE, source);
    header(record, CloudEventHeaders.SUBJECT, key);
    header(record, CloudEventHeaders.TIME, time.toString());
    header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
    if (team != null) {
      header(record, CloudEventHeaders.TEAM, team);
    }
    return record;
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
