package dev.aifactory.policy.deadletters.jdbc;

import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.deadletters.DeadLetter;
import dev.aifactory.policy.deadletters.DeadLetters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcDeadLetters implements DeadLetters {

  private static final String COLUMNS =
      "id, dlt_topic, dlt_partition, dlt_offset, dlt_timestamp, topic, partition, \"offset\", message_key, event_id,"
          + " event_type, team, consumer_group, error, payload, recorded_at, replayed_at,"
          + " replayed_by";

  private final JdbcClient jdbc;

  JdbcDeadLetters(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean add(DeadLetter d) {
    return jdbc.sql(
                """
                insert into dead_letters (id, dlt_topic, dlt_partition, dlt_offset, dlt_timestamp, topic,
                    partition, "offset", message_key, event_id, event_type, team, consumer_group, error,
                    payload, recorded_at)
                values (:id, :dltTopic, :dltPartition, :dltOffset, :dltTimestamp, :topic, :partition, :offset,
                    :key, :eventId, :eventType, :team, :group, :error, :payload, :at)
                on conflict (dlt_topic, dlt_partition, dlt_offset, dlt_timestamp) do nothing
                """)
            .param("id", d.id())
            .param("dltTopic", d.dltTopic())
            .param("dltPartition", d.dltPartition())
            .param("dltOffset", d.dltOffset())
            .param("dltTimestamp", d.dltTimestamp())
            .param("topic", d.topic())
            .param("partition", d.partition())
            .param("offset", d.offset())
            .param("key", d.messageKey())
            .param("eventId", d.eventId())
            .param("eventType", d.eventType())
            .param("team", d.team())
            .param("group", d.consumerGroup())
            .param("error", d.error())
            .param("payload", d.payload())
            .param("at", Timestamp.from(d.recordedAt()))
            .update()
        == 1;
  }

  @Override
  public Paged<DeadLetter> find(String team, PageRequest page) {
    String where = team == null ? "" : " where team = :team";
    var count = jdbc.sql("select count(*) from dead_letters" + where);
    var select =
        jdbc.sql(
            "select "
                + COLUMNS
                + " from dead_letters"
                + where
                + " order by recorded_at desc, id limit :limit offset :offset");
    if (team != null) {
      count = count.param("team", team);
      select = select.param("team", team);
    }
    long total = count.query(Long.class).single();
    List<DeadLetter> items =
        select
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(JdbcDeadLetters::map)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  @Override
  public Optional<DeadLetter> lock(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from dead_letters where id = :id for update")
        .param("id", id)
        .query(JdbcDeadLetters::map)
        .optional();
  }

  /**
   * Writes the outbox row directly rather than through {@code Outbox.publish}: the event goes out
   * byte for byte as it was parked and keeps its id. An event policy itself published may still
   * have its outbox row; that row is then simply sent again.
   */
  @Override
  public void republish(DeadLetter d, String cloudEventId) {
    jdbc.sql(
            """
            insert into outbox (id, topic, message_key, event_type, team, payload)
            values (:id, :topic, :key, :type, :team, :payload)
            on conflict (id) do update set sent_at = null
            """)
        .param("id", UUID.fromString(cloudEventId))
        .param("topic", d.topic())
        .param("key", key(d))
        .param("type", DomainEvent.CE_TYPE_PREFIX + d.eventType() + DomainEvent.CE_TYPE_SUFFIX)
        .param("team", d.team())
        .param("payload", d.payload())
        .update();
  }

  @Override
  public void replayed(UUID id, String by, Instant at) {
    jdbc.sql("update dead_letters set replayed_at = :at, replayed_by = :by where id = :id")
        .param("id", id)
        .param("by", by)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** The original key (the recoverer keeps it), so the replay lands in the same partition. */
  private static String key(DeadLetter d) {
    return d.messageKey() != null
        ? d.messageKey()
        : d.team() != null ? d.team() : d.id().toString();
  }

  private static DeadLetter map(ResultSet rs, int row) throws SQLException {
    Timestamp replayed = rs.getTimestamp("replayed_at");
    return new DeadLetter(
        rs.getObject("id", UUID.class),
        rs.getString("dlt_topic"),
        rs.getInt("dlt_partition"),
        rs.getLong("dlt_offset"),
        rs.getLong("dlt_timestamp"),
        rs.getString("topic"),
        (Integer) rs.getObject("partition"),
        (Long) rs.getObject("offset"),
        rs.getString("message_key"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("team"),
        rs.getString("consumer_group"),
        rs.getString("error"),
        rs.getString("payload"),
        rs.getTimestamp("recorded_at").toInstant(),
        replayed == null ? null : replayed.toInstant(),
        rs.getString("replayed_by"));
  }
}
