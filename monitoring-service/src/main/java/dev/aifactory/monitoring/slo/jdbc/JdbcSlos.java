package dev.aifactory.monitoring.slo.jdbc;

import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.slo.Slo;
import dev.aifactory.monitoring.slo.SloObjective;
import dev.aifactory.monitoring.slo.Slos;
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

@Repository
class JdbcSlos implements Slos {

  private static final String COLUMNS =
      "id, team, endpoint, name, objective, target, latency_threshold_ms, period_days,"
          + " created_at, updated_at";

  private final JdbcClient jdbc;

  JdbcSlos(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void create(Slo s) {
    jdbc.sql(
            """
            insert into slos (id, team, endpoint, name, objective, target, latency_threshold_ms,
                              period_days, created_at, updated_at)
            values (:id, :team, :endpoint, :name, :objective, :target, :latency, :period, :created,
                    :updated)
            """)
        .param("id", s.id())
        .param("team", s.team())
        .param("endpoint", s.endpoint())
        .param("name", s.name())
        .param("objective", s.objective().name())
        .param("target", s.target())
        .param("latency", s.latencyThresholdMs())
        .param("period", s.periodDays())
        .param("created", utc(s.createdAt()))
        .param("updated", utc(s.updatedAt()))
        .update();
  }

  @Override
  public boolean update(Slo s) {
    return jdbc.sql(
                """
                update slos set endpoint = :endpoint, name = :name, objective = :objective,
                  target = :target, latency_threshold_ms = :latency, period_days = :period,
                  updated_at = :updated
                where id = :id and team = :team
                """)
            .param("id", s.id())
            .param("team", s.team())
            .param("endpoint", s.endpoint())
            .param("name", s.name())
            .param("objective", s.objective().name())
            .param("target", s.target())
            .param("latency", s.latencyThresholdMs())
            .param("period", s.periodDays())
            .param("updated", utc(s.updatedAt()))
            .update()
        == 1;
  }

  @Override
  public boolean delete(String team, UUID id) {
    return jdbc.sql("delete from slos where id = :id and team = :team")
            .param("id", id)
            .param("team", team)
            .update()
        == 1;
  }

  @Override
  public Optional<Slo> find(String team, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from slos where id = :id and team = :team")
        .param("id", id)
        .param("team", team)
        .query(JdbcSlos::map)
        .optional();
  }

  @Override
  public Page<Slo> list(String team, String endpoint, int page, int size) {
    String where =
        " where team = :team and (cast(:endpoint as text) is null or endpoint = :endpoint)";
    long total =
        jdbc.sql("select count(*) from slos" + where)
            .param("team", team)
            .param("endpoint", endpoint)
            .query(Long.class)
            .single();
    List<Slo> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from slos"
                    + where
                    + " order by endpoint, name, id limit :limit offset :offset")
            .param("team", team)
            .param("endpoint", endpoint)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(JdbcSlos::map)
            .list();
    return new Page<>(items, page, size, total);
  }

  @Override
  public List<Slo> ofEndpoint(String team, String endpoint) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from slos where team = :team and endpoint = :endpoint"
                + " order by id")
        .param("team", team)
        .param("endpoint", endpoint)
        .query(JdbcSlos::map)
        .list();
  }

  @Override
  public void recordSample(
      UUID sloId, UUID windowId, Instant windowEnd, double total, double good) {
    jdbc.sql(
            """
            insert into slo_samples (slo_id, window_id, window_end, total, good)
            values (:slo, :window, :end, :total, :good)
            on conflict (slo_id, window_id) do nothing
            """)
        .param("slo", sloId)
        .param("window", windowId)
        .param("end", utc(windowEnd))
        .param("total", total)
        .param("good", good)
        .update();
  }

  @Override
  public Counts counts(UUID sloId, Instant from, Instant to) {
    return jdbc.sql(
            """
            select coalesce(sum(total), 0) as total, coalesce(sum(good), 0) as good
            from slo_samples where slo_id = :slo and window_end > :from and window_end <= :to
            """)
        .param("slo", sloId)
        .param("from", utc(from))
        .param("to", utc(to))
        .query((rs, n) -> new Counts(rs.getDouble("total"), rs.getDouble("good")))
        .single();
  }

  @Override
  public boolean firing(UUID sloId, String alert) {
    return jdbc.sql("select firing from slo_alerts where slo_id = :slo and alert = :alert")
        .param("slo", sloId)
        .param("alert", alert)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  @Override
  public void setFiring(UUID sloId, String alert, boolean firing, Instant at) {
    jdbc.sql(
            """
            insert into slo_alerts (slo_id, alert, firing, changed_at)
            values (:slo, :alert, :firing, :at)
            on conflict (slo_id, alert) do update set firing = :firing, changed_at = :at
            """)
        .param("slo", sloId)
        .param("alert", alert)
        .param("firing", firing)
        .param("at", utc(at))
        .update();
  }

  private static Slo map(ResultSet rs, int row) throws SQLException {
    return new Slo(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("endpoint"),
        rs.getString("name"),
        SloObjective.valueOf(rs.getString("objective")),
        rs.getDouble("target"),
        rs.getObject("latency_threshold_ms", Double.class),
        rs.getInt("period_days"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
