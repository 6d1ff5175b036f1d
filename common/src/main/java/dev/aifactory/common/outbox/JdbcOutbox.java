package dev.aifactory.common.outbox;

import dev.aifactory.common.events.DomainEvent;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Outbox rows in the service's own schema ({@code outbox} table from the common migration). */
public class JdbcOutbox implements Outbox {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Tracer tracer;

  public JdbcOutbox(JdbcClient jdbc, JsonMapper json, Tracer tracer) {
    this.jdbc = jdbc;
    this.json = json;
    this.tracer = tracer;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public String publish(DomainEvent event) {
    String id = UUID.randomUUID().toString();
    Span span = tracer.currentSpan();
    jdbc.sql(
            """
            insert into outbox (id, topic, message_key, event_type, team, payload, trace_id, span_id)
            values (:id, :topic, :key, :type, :team, :payload, :traceId, :spanId)
            """)
        .param("traceId", span == null ? null : span.context().traceId())
        .param("spanId", span == null ? null : span.context().spanId())
        .param("id", UUID.fromString(id))
        .param("topic", event.topic())
        .param("key", event.key())
        .param("type", event.cloudEventType())
        .param("team", event.team())
        .param("payload", json.writeValueAsString(event))
        .update();
    return id;
  }
}
