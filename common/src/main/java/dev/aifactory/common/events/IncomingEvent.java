package dev.aifactory.common.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.json.JsonMapper;

/** A CloudEvent read from a Kafka record in binary mode ({@code ce_*} headers, JSON data). */
public record IncomingEvent(String id, String type, String source, String subject, String data) {

  public static IncomingEvent from(ConsumerRecord<String, String> record) {
    return new IncomingEvent(
        header(record, CloudEventHeaders.ID),
        header(record, CloudEventHeaders.TYPE),
        header(record, CloudEventHeaders.SOURCE),
        header(record, CloudEventHeaders.SUBJECT),
        record.value());
  }

  /** Short type, e.g. {@code model.version-registered}. */
  public String shortType() {
    return DomainEvent.shortType(type);
  }

  public boolean is(String shortType) {
    return shortType.equals(shortType());
  }

  public <T> T data(JsonMapper json, Class<T> type) {
    return json.readValue(data, type);
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
