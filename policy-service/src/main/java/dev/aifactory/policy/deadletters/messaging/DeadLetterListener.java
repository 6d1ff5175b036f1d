package dev.aifactory.policy.deadletters.messaging;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.policy.deadletters.DeadLetter;
import dev.aifactory.policy.deadletters.DeadLetterManagement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores every record parked on a platform dead-letter topic. The recoverer keeps the original
 * headers (the CloudEvent's id and type) and adds where the record came from and why it failed.
 * Idempotent by the parked record's own position and timestamp, so no inbox is needed; nothing here
 * throws for a strange record, since a dead letter of a dead letter would go nowhere.
 */
@Component
class DeadLetterListener {

  static final String GROUP = "policy-dead-letters";

  private final DeadLetterManagement letters;
  private final JsonMapper json;
  private final Clock clock;

  DeadLetterListener(DeadLetterManagement letters, JsonMapper json, Clock clock) {
    this.letters = letters;
    this.json = json;
    this.clock = clock;
  }

  @KafkaListener(
      groupId = GROUP,
      topics = {
        Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX,
        Topics.TRAINING + Topics.DEAD_LETTER_SUFFIX,
        Topics.MODELS + Topics.DEAD_LETTER_SUFFIX,
        Topics.ENDPOINTS + Topics.DEAD_LETTER_SUFFIX,
        Topics.INFERENCE_CAPTURES + Topics.DEAD_LETTER_SUFFIX,
        Topics.MONITORING + Topics.DEAD_LETTER_SUFFIX,
        Topics.POLICY + Topics.DEAD_LETTER_SUFFIX
      })
  void on(ConsumerRecord<String, String> record) {
    String original = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
    if (original == null) {
      original =
          record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
    }
    String payload = record.value() == null ? "" : record.value();
    letters.record(
        new DeadLetter(
            UUID.randomUUID(),
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            original,
            number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES) == null
                ? null
                : number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES).intValue(),
            number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.BYTES),
            record.key(),
            text(record, CloudEventHeaders.ID),
            DomainEvent.shortType(text(record, CloudEventHeaders.TYPE)),
            team(payload),
            text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP),
            error(record),
            payload,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            null,
            null));
  }

  private String team(String payload) {
    try {
      JsonNode node = json.readTree(payload);
      JsonNode team = node == null ? null : node.get("team");
      return team == null || !team.isString() ? null : team.asString();
    } catch (RuntimeException e) {
      return null; // not JSON: very likely why it was parked
    }
  }

  private static String error(ConsumerRecord<String, String> record) {
    String message = text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    String type = text(record, KafkaHeaders.DLT_EXCEPTION_FQCN);
    if (type == null) {
      return message;
    }
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return message == null ? simple : simple + ": " + message;
  }

  private static String text(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Partition and offset headers are big-endian binary numbers. */
  private static Long number(ConsumerRecord<String, String> record, String name, int size) {
    Header header = record.headers().lastHeader(name);
    if (header == null || header.value() == null || header.value().length != size) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(header.value());
    return size == Integer.BYTES ? (long) buffer.getInt() : buffer.getLong();
  }
}
