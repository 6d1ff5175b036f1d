package dev.aifactory.gateway.hosting.jdbc;

import dev.aifactory.gateway.hosting.Hosting;
import dev.aifactory.gateway.hosting.HostingVariant;
import dev.aifactory.gateway.hosting.Hostings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcHostings implements Hostings {

  private static final String COLUMNS =
      """
      select id, endpoint, team, sagemaker_endpoint, config_name, route, variants, status,
             sagemaker_status, endpoint_arn, failure_reason, requested_by, requester_roles,
             idempotency_key, request_hash, started_at, created_at, updated_at
      from sagemaker_hostings
      """;

  /** Statuses {@link Hosting.Status#inFlight()} (the V9 index lists the same). */
  private static final List<String> IN_FLIGHT =
      java.util.Arrays.stream(Hosting.Status.values())
          .filter(Hosting.Status::inFlight)
          .map(Enum::name)
          .toList();

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcHostings(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(Hosting h) {
    try {
      jdbc.sql(
              """
              insert into sagemaker_hostings (id, endpoint, team, sagemaker_endpoint, config_name,
                  route, variants, status, sagemaker_status, endpoint_arn, failure_reason,
                  requested_by, requester_roles, idempotency_key, request_hash, started_at,
                  created_at, updated_at)
              values (:id, :endpoint, :team, :smEndpoint, :configName, :route, :variants, :status,
                  :smStatus, :arn, :reason, :requestedBy, :roles, :key, :hash, :startedAt,
                  :createdAt, :updatedAt)
              """)
          .param("id", h.id())
          .param("endpoint", h.endpoint())
          .param("team", h.team())
          .param("smEndpoint", h.sageMakerEndpoint())
          .param("configName", h.configName())
          .param("route", h.route())
          .param("variants", json.writeValueAsString(h.variants()))
          .param("status", h.status().name())
          .param("smStatus", h.sageMakerStatus(), Types.VARCHAR)
          .param("arn", h.endpointArn(), Types.VARCHAR)
          .param("reason", h.failureReason(), Types.VARCHAR)
          .param("requestedBy", h.requestedBy())
          .param("roles", String.join(",", h.requesterRoles().stream().sorted().toList()))
          .param("key", h.idempotencyKey(), Types.VARCHAR)
          .param("hash", h.requestHash())
          .param("startedAt", timestamp(h.startedAt()), Types.TIMESTAMP)
          .param("createdAt", Timestamp.from(h.createdAt()))
          .param("updatedAt", Timestamp.from(h.updatedAt()))
          .update();
    } catch (DuplicateKeyException e) {
      String message = String.valueOf(e.getMessage());
      throw new Conflict(message.contains("sagemaker_hostings_idempotency"), e);
    }
  }

  @Override
  public Optional<Hosting> find(String endpoint, String id) {
    return jdbc.sql(COLUMNS + " where endpoint = :endpoint and id = :id")
        .param("endpoint", endpoint)
        .param("id", id)
        .query((rs, n) -> hosting(rs))
        .optional();
  }

  @Override
  public Optional<Hosting> findByIdempotencyKey(String endpoint, String key) {
    return jdbc.sql(COLUMNS + " where endpoint = :endpoint and idempotency_key = :key")
        .param("endpoint", endpoint)
        .param("key", key)
        .query((rs, n) -> hosting(rs))
        .optional();
  }

  @Override
  public Optional<Hosting> inFlight(String endpoint) {
    return jdbc.sql(COLUMNS + " where endpoint = :endpoint and status in (:inFlight)")
        .param("endpoint", endpoint)
        .param("inFlight", IN_FLIGHT)
        .query((rs, n) -> hosting(rs))
        .optional();
  }

  @Override
  public boolean usedByAnotherEndpoint(String sageMakerEndpoint, String endpoint) {
    return jdbc.sql(
                "select count(*) from sagemaker_hostings"
                    + " where sagemaker_endpoint = :sm and endpoint <> :endpoint"
                    + " and status <> 'DELETED'")
            .param("sm", sageMakerEndpoint)
            .param("endpoint", endpoint)
            .query(Long.class)
            .single()
        > 0;
  }

  @Override
  public List<Hosting> page(String endpoint, int page, int size) {
    return jdbc.sql(
            COLUMNS
                + " where endpoint = :endpoint order by created_at desc, id"
                + " limit :limit offset :offset")
        .param("endpoint", endpoint)
        .param("limit", size)
        .param("offset", (long) page * size)
        .query((rs, n) -> hosting(rs))
        .list();
  }

  @Override
  public long count(String endpoint) {
    return jdbc.sql("select count(*) from sagemaker_hostings where endpoint = :endpoint")
        .param("endpoint", endpoint)
        .query(Long.class)
        .single();
  }

  @Override
  public List<Hosting> claimDue(String worker, Duration lease, int limit) {
    // One statement: the rows are locked (skipping those another instance is claiming right now)
    // and stamped with this worker's lease before the lock is released at commit. Hostings that
    // just moved come first, then those polled longest ago, so a batch never starves the rest.
    return jdbc.sql(
            """
            update sagemaker_hostings set claimed_by = :worker,
                   claimed_until = now() + make_interval(secs => :leaseSeconds)
             where id in (select id from sagemaker_hostings
                           where (status in ('REQUESTED', 'CREATING', 'CANCELLING', 'DELETING')
                                  or (status = 'IN_SERVICE' and route))
                             and (claimed_until is null or claimed_until < now())
                           order by claimed_until nulls first, updated_at
                           limit :limit
                           for update skip locked)
            returning id, endpoint, team, sagemaker_endpoint, config_name, route, variants, status,
                      sagemaker_status, endpoint_arn, failure_reason, requested_by,
                      requester_roles, idempotency_key, request_hash, started_at, created_at,
                      updated_at
            """)
        .param("worker", worker)
        .param("leaseSeconds", (double) lease.toMillis() / 1000.0)
        .param("limit", limit)
        .query((rs, n) -> hosting(rs))
        .list();
  }

  @Override
  public boolean requestDeletion(String endpoint, String id) {
    return moveUnclaimed(
        endpoint, id, "DELETING", List.of("IN_SERVICE", "ROUTED", "FAILED", "ROUTING_DENIED"));
  }

  @Override
  public boolean requestCancel(String endpoint, String id) {
    return moveUnclaimed(endpoint, id, "CANCELLING", List.of("REQUESTED", "CREATING"));
  }

  /** Moves the hosting to {@code to} if it is in one of {@code from} and no worker holds it. */
  private boolean moveUnclaimed(String endpoint, String id, String to, List<String> from) {
    return jdbc.sql(
                """
                update sagemaker_hostings set status = :to, updated_at = now()
                 where endpoint = :endpoint and id = :id and status in (:from)
                   and (claimed_until is null or claimed_until < now())
                """)
            .param("endpoint", endpoint)
            .param("id", id)
            .param("to", to)
            .param("from", from)
            .update()
        == 1;
  }

  @Override
  public boolean otherLiveHosting(String sageMakerEndpoint, String id) {
    return jdbc.sql(
            """
            select exists (select 1 from sagemaker_hostings
                            where sagemaker_endpoint = :sm and id <> :id and status <> 'DELETED')
            """)
        .param("sm", sageMakerEndpoint)
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  @Override
  public boolean newestOf(String sageMakerEndpoint, String id) {
    return jdbc.sql(
            """
            select id from sagemaker_hostings where sagemaker_endpoint = :sm and status <> 'DELETED'
             order by created_at desc, id desc limit 1
            """)
        .param("sm", sageMakerEndpoint)
        .query(String.class)
        .optional()
        .map(id::equals)
        .orElse(false);
  }

  @Override
  public boolean update(Hosting h, String worker) {
    return jdbc.sql(
                """
                update sagemaker_hostings
                   set status = :status, sagemaker_status = :smStatus, endpoint_arn = :arn,
                       failure_reason = :reason, started_at = :startedAt, updated_at = :updatedAt,
                       claimed_by = null, claimed_until = null
                 where id = :id and claimed_by = :worker
                """)
            .param("status", h.status().name())
            .param("smStatus", h.sageMakerStatus(), Types.VARCHAR)
            .param("arn", h.endpointArn(), Types.VARCHAR)
            .param("reason", h.failureReason(), Types.VARCHAR)
            .param("startedAt", timestamp(h.startedAt()), Types.TIMESTAMP)
            .param("updatedAt", Timestamp.from(h.updatedAt()))
            .param("id", h.id())
            .param("worker", worker)
            .update()
        == 1;
  }

  @Override
  public void release(String id, String worker) {
    jdbc.sql(
            "update sagemaker_hostings set claimed_by = null, claimed_until = now()"
                + " where id = :id and claimed_by = :worker")
        .param("id", id)
        .param("worker", worker)
        .update();
  }

  private Hosting hosting(ResultSet rs) throws SQLException {
    String roles = rs.getString("requester_roles");
    Set<String> roleSet =
        roles == null || roles.isBlank()
            ? Set.of()
            : Arrays.stream(roles.split(",")).collect(Collectors.toSet());
    return new Hosting(
        rs.getString("id"),
        rs.getString("endpoint"),
        rs.getString("team"),
        rs.getString("sagemaker_endpoint"),
        rs.getString("config_name"),
        rs.getBoolean("route"),
        List.of(json.readValue(rs.getString("variants"), HostingVariant[].class)),
        Hosting.Status.valueOf(rs.getString("status")),
        rs.getString("sagemaker_status"),
        rs.getString("endpoint_arn"),
        rs.getString("failure_reason"),
        rs.getString("requested_by"),
        roleSet,
        rs.getString("idempotency_key"),
        rs.getString("request_hash"),
        instant(rs, "started_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
