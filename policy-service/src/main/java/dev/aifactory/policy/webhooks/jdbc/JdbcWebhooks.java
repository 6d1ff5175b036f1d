package dev.aifactory.policy.webhooks.jdbc;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.webhooks.Webhook;
import dev.aifactory.policy.webhooks.WebhookDelivery;
import dev.aifactory.policy.webhooks.Webhooks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcWebhooks implements Webhooks {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String WEBHOOK_COLUMNS =
      "id, team, url, events::text as events, secret, active, created_by, created_at";
  private static final String DELIVERY_COLUMNS =
      "id, webhook_id, event_id, event_type, subject, event::text as event, status, attempts,"
          + " next_attempt_at, last_status, last_error, created_at, delivered_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcWebhooks(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void add(Webhook w) {
    jdbc.sql(
            """
            insert into webhooks (id, team, url, events, secret, active, created_by, created_at)
            values (:id, :team, :url, cast(:events as json), :secret, :active, :by, :at)
            """)
        .param("id", w.id())
        .param("team", w.team())
        .param("url", w.url())
        .param("events", json.writeValueAsString(w.events()))
        .param("secret", w.secret())
        .param("active", w.active())
        .param("by", w.createdBy())
        .param("at", at(w.createdAt()))
        .update();
  }

  @Override
  public Optional<Webhook> find(UUID id) {
    return jdbc.sql("select " + WEBHOOK_COLUMNS + " from webhooks where id = :id")
        .param("id", id)
        .query(this::webhook)
        .optional();
  }

  @Override
  public Paged<Webhook> find(String team, PageRequest page) {
    long total =
        jdbc.sql("select count(*) from webhooks where team = :team and active")
            .param("team", team)
            .query(Long.class)
            .single();
    List<Webhook> items =
        jdbc.sql(
                "select "
                    + WEBHOOK_COLUMNS
                    + " from webhooks where team = :team and active"
                    + " order by created_at desc, id limit :limit offset :offset")
            .param("team", team)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(this::webhook)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  @Override
  public void deactivate(UUID id) {
    jdbc.sql("update webhooks set active = false where id = :id").param("id", id).update();
  }

  @Override
  public List<Webhook> subscribed(String team, String eventType, Instant at) {
    return jdbc.sql(
            "select "
                + WEBHOOK_COLUMNS
                + " from webhooks where team = :team and active and created_at <= :at"
                + " and exists (select 1 from json_array_elements_text(events) e where e = :type)")
        .param("team", team)
        .param("at", at(at))
        .param("type", eventType)
        .query(this::webhook)
        .list();
  }

  @Override
  public void enqueue(WebhookDelivery d) {
    jdbc.sql(
            """
            insert into webhook_deliveries (id, webhook_id, event_id, event_type, subject, event,
                                            status, attempts, next_attempt_at, created_at)
            values (:id, :webhook, :eventId, :type, :subject, cast(:event as json), :status, 0,
                    :next, :created)
            on conflict (webhook_id, event_id) do nothing
            """)
        .param("id", d.id())
        .param("webhook", d.webhookId())
        .param("eventId", d.eventId())
        .param("type", d.eventType())
        .param("subject", d.subject())
        .param("event", d.event())
        .param("status", d.status().id())
        .param("next", at(d.nextAttemptAt()))
        .param("created", at(d.createdAt()))
        .update();
  }

  @Override
  public List<WebhookDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
    return jdbc.sql(
            "update webhook_deliveries set attempts = attempts + 1, next_attempt_at = :lease"
                + " where id in (select id from webhook_deliveries where status = 'pending'"
                + " and next_attempt_at <= :now order by next_attempt_at limit :limit"
                + " for update skip locked) returning "
                + DELIVERY_COLUMNS)
        .param("lease", at(leaseUntil))
        .param("now", at(now))
        .param("limit", limit)
        .query(this::delivery)
        .list();
  }

  @Override
  public void delivered(UUID id, int status, Instant when) {
    jdbc.sql(
            """
            update webhook_deliveries set status = 'delivered', last_status = :status,
              last_error = null, delivered_at = :at where id = :id
            """)
        .param("status", status)
        .param("at", at(when))
        .param("id", id)
        .update();
  }

  @Override
  public void failedAttempt(
      UUID id, Integer status, String error, Instant retryAt, boolean giveUp) {
    jdbc.sql(
            """
            update webhook_deliveries set status = :state, last_status = :status,
              last_error = :error, next_attempt_at = :retry where id = :id
            """)
        .param("state", giveUp ? "failed" : "pending")
        .param("status", status)
        .param("error", error == null ? null : error.substring(0, Math.min(error.length(), 500)))
        .param("retry", at(retryAt))
        .param("id", id)
        .update();
  }

  @Override
  public Paged<WebhookDelivery> deliveries(UUID webhookId, PageRequest page) {
    long total =
        jdbc.sql("select count(*) from webhook_deliveries where webhook_id = :id")
            .param("id", webhookId)
            .query(Long.class)
            .single();
    List<WebhookDelivery> items =
        jdbc.sql(
                "select "
                    + DELIVERY_COLUMNS
                    + " from webhook_deliveries where webhook_id = :id"
                    + " order by created_at desc, id limit :limit offset :offset")
            .param("id", webhookId)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(this::delivery)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  private Webhook webhook(ResultSet rs, int n) throws SQLException {
    return new Webhook(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("url"),
        json.readValue(rs.getString("events"), STRINGS),
        rs.getString("secret"),
        rs.getBoolean("active"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private WebhookDelivery delivery(ResultSet rs, int n) throws SQLException {
    OffsetDateTime delivered = rs.getObject("delivered_at", OffsetDateTime.class);
    return new WebhookDelivery(
        rs.getObject("id", UUID.class),
        rs.getObject("webhook_id", UUID.class),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("subject"),
        rs.getString("event"),
        WebhookDelivery.Status.of(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(),
        (Integer) rs.getObject("last_status"),
        rs.getString("last_error"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        delivered == null ? null : delivered.toInstant());
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
