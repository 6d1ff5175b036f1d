package dev.aifactory.monitoring.cost.jdbc;

import dev.aifactory.monitoring.cost.HostedCapacities;
import dev.aifactory.monitoring.cost.HostedCapacity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcHostedCapacities implements HostedCapacities {

  private final JdbcClient jdbc;

  JdbcHostedCapacities(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean open(HostedCapacity c) {
    return jdbc.sql(
                """
                insert into hosted_capacity (hosting_id, variant, team, endpoint,
                    sagemaker_endpoint, model_group, version, instance_type, instance_count,
                    started_at, ended_at, accrued_to)
                values (:hosting, :variant, :team, :endpoint, :sm, :group, :version, :type,
                    :count, :started, :ended, :accrued)
                on conflict (hosting_id, variant) do nothing
                """)
            .param("hosting", c.hostingId())
            .param("variant", c.variant())
            .param("team", c.team())
            .param("endpoint", c.endpoint())
            .param("sm", c.sageMakerEndpoint())
            .param("group", c.modelGroup())
            .param("version", c.version())
            .param("type", c.instanceType())
            .param("count", c.instanceCount())
            .param("started", at(c.startedAt()))
            .param("ended", c.endedAt() == null ? null : at(c.endedAt()))
            .param("accrued", at(c.accruedTo()))
            .update()
        == 1;
  }

  @Override
  public int end(String sageMakerEndpoint, String keep, Instant at) {
    return jdbc.sql(
            """
            update hosted_capacity set ended_at = :at
            where sagemaker_endpoint = :sm and ended_at is null and started_at <= :at
              and (cast(:keep as text) is null or hosting_id <> :keep)
            """)
        .param("sm", sageMakerEndpoint)
        .param("keep", keep)
        .param("at", at(at))
        .update();
  }

  @Override
  public List<HostedCapacity> unaccrued(Instant now, Set<String> priced, int limit) {
    if (priced.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select * from hosted_capacity
            where accrued_to < least(coalesce(ended_at, :now), :now) and instance_type in (:types)
            order by accrued_to limit :limit
            """)
        .param("now", at(now))
        .param("types", priced)
        .param("limit", limit)
        .query(JdbcHostedCapacities::capacity)
        .list();
  }

  @Override
  public List<String> unpricedTypes(Instant now, Set<String> priced) {
    return jdbc.sql(
            """
            select distinct instance_type from hosted_capacity
            where accrued_to < least(coalesce(ended_at, :now), :now)
              and not (instance_type = any (:types))
            order by instance_type
            """)
        .param("now", at(now))
        .param("types", priced.toArray(String[]::new))
        .query(String.class)
        .list();
  }

  @Override
  public boolean advance(String hostingId, String variant, Instant from, Instant to) {
    return jdbc.sql(
                """
                update hosted_capacity set accrued_to = :to
                where hosting_id = :hosting and variant = :variant and accrued_to = :from
                """)
            .param("hosting", hostingId)
            .param("variant", variant)
            .param("from", at(from))
            .param("to", at(to))
            .update()
        == 1;
  }

  private static HostedCapacity capacity(ResultSet rs, int row) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    return new HostedCapacity(
        rs.getString("hosting_id"),
        rs.getString("variant"),
        rs.getString("team"),
        rs.getString("endpoint"),
        rs.getString("sagemaker_endpoint"),
        rs.getString("model_group"),
        rs.getInt("version"),
        rs.getString("instance_type"),
        rs.getInt("instance_count"),
        rs.getTimestamp("started_at").toInstant(),
        ended == null ? null : ended.toInstant(),
        rs.getTimestamp("accrued_to").toInstant());
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
