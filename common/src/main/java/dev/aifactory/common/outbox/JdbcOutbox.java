package dev.aifactory.common.outbox;

import dev.aifactory.common.events.DomainEvent;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Outbox rows in the service's own schema ({@code outbox} table from the common migration). */
public class JdbcOutbox implements Outbox {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public JdbcOutbox(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public String publish(DomainEvent event) {
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into outbox (id, topic, message_key, event_type, team, payload)
            values (:id, :topic, :key, :type, :team, :payload)
            """)
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
