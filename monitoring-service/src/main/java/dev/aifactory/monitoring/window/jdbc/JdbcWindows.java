package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.window.MonitoringWindow;
import dev.aifactory.monitoring.window.WindowKey;
import dev.aifactory.monitoring.window.WindowResult;
import dev.aifactory.monitoring.window.WindowStatus;
import dev.aifactory.monitoring.window.Windows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcWindows implements Windows {

  private static final String COLUMNS =
      """
      id, team, endpoint, variant, model_group, version, window_start, window_end, status,
      capture_count, latency_p50, latency_p95, latency_p99, error_rate, drift_share,
      dataset_drift, features::text as features, prediction_drift::text as prediction_drift,
      baseline_found, evaluated_at
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcWindows(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public MonitoringWindow openForAppend(WindowKey key) {
    jdbc.sql(
            """
            insert into windows (id, team, endpoint, variant, model_group, version,
                                 window_start, window_end, status)
            values (:id, :team, :endpoint, :variant, :group, :version, :from, :to, 'OPEN')
            on conflict (team, endpoint, variant, model_group, version, window_start) do nothing
            """)
        .param("id", UUID.randomUUID())
        .param("team", key.team())
        .param("endpoint", key.endpoint())
        .param("variant", key.variant())
        .param("group", key.modelGroup())
        .param("version", key.version())
        .param("from", utc(key.from()))
        .param("to", utc(key.to()))
        .update();
    // FOR SHARE waits for an evaluator holding the row FOR UPDATE, so the status read here is
    // the one that holds until this transaction commits.
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                from windows
                where team = :team and endpoint = :endpoint and variant = :variant
                  and model_group = :group and version = :version and window_start = :from
                for share
                """)
        .param("team", key.team())
        .param("endpoint", key.endpoint())
        .param("variant", key.variant())
        .param("group", key.modelGroup())
        .param("version", key.version())
        .param("from", utc(key.from()))
        .query(this::map)
        .single();
  }

  @Override
  public List<UUID> dueBy(Instant cutoff, int limit) {
    return jdbc.sql(
            """
            select id from windows where status = 'OPEN' and window_end <= :cutoff
            order by window_end limit :limit
            """)
        .param("cutoff", utc(cutoff))
        .param("limit", limit)
        .query(UUID.class)
        .list();
  }

  @Override
  public Optional<MonitoringWindow> lockOpen(UUID id) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from windows where id = :id and status = 'OPEN' for update skip locked")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  @Override
  public List<UUID> idsAt(
      String team, String endpoint, String variant, Integer version, Instant from) {
    return jdbc.sql(
            """
            select w.id from windows w
            where w.team = :team and w.endpoint = :endpoint and w.variant = :variant
              and (cast(:version as int) is null or w.version = :version)
              and w.window_start = :from
            order by (select count(*) from captures c where c.window_id = w.id) desc, w.id
            """)
        .param("team", team)
        .param("endpoint", endpoint)
        .param("variant", variant)
        .param("version", version)
        .param("from", utc(from))
        .query(UUID.class)
        .list();
  }

  @Override
  public void close(UUID id, WindowStatus status, WindowResult r) {
    int updated =
        jdbc.sql(
                """
                update windows set status = :status, capture_count = :count,
                  latency_p50 = :p50, latency_p95 = :p95, latency_p99 = :p99,
                  error_rate = :errorRate, drift_share = :share, dataset_drift = :drift,
                  features = cast(:features as jsonb),
                  prediction_drift = cast(:prediction as jsonb),
                  baseline_found = :baselineFound, evaluated_at = :at
                where id = :id and status = 'OPEN'
                """)
            .param("id", id)
            .param("status", status.name())
            .param("count", r.count())
            .param("p50", r.latencyP50())
            .param("p95", r.latencyP95())
            .param("p99", r.latencyP99())
            .param("errorRate", r.errorRate())
            .param("share", r.driftShare())
            .param("drift", r.datasetDrift())
            .param("features", json.writeValueAsString(r.features()))
            .param(
                "prediction",
                r.predictionDrift() == null ? null : json.writeValueAsString(r.predictionDrift()))
            .param("baselineFound", r.baselineFound())
            .param("at", utc(r.evaluatedAt()))
            .update();
    if (updated != 1) {
      throw new IllegalStateException("Window " + id + " was not open any more");
    }
  }

  @Override
  public Optional<MonitoringWindow> find(String team, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from windows where id = :id and team = :team")
        .param("id", id)
        .param("team", team)
        .query(this::map)
        .optional();
  }

  @Override
  public Page<MonitoringWindow> list(WindowFilter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" where team = :team");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("team", filter.team());
    if (filter.endpoint() != null) {
      where.append(" and endpoint = :endpoint");
      params.put("endpoint", filter.endpoint());
    }
    if (filter.modelGroup() != null) {
      where.append(" and model_group = :group");
      params.put("group", filter.modelGroup());
    }
    if (filter.driftOnly()) {
      where.append(" and dataset_drift");
    }
    long total =
        jdbc.sql("select count(*) from windows" + where).params(params).query(Long.class).single();
    List<MonitoringWindow> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from windows"
                    + where
                    + " order by window_start desc, endpoint, variant, id"
                    + " limit :limit offset :offset")
            .params(params)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(this::map)
            .list();
    return new Page<>(items, page, size, total);
  }

  private MonitoringWindow map(ResultSet rs, int row) throws SQLException {
    WindowKey key =
        new WindowKey(
            rs.getString("team"),
            rs.getString("endpoint"),
            rs.getString("variant"),
            rs.getString("model_group"),
            rs.getInt("version"),
            instant(rs, "window_start"),
            instant(rs, "window_end"));
    WindowStatus status = WindowStatus.valueOf(rs.getString("status"));
    WindowResult result = null;
    if (status != WindowStatus.OPEN) {
      String features = rs.getString("features");
      String prediction = rs.getString("prediction_drift");
      result =
          new WindowResult(
              rs.getLong("capture_count"),
              rs.getDouble("latency_p50"),
              rs.getDouble("latency_p95"),
              rs.getDouble("latency_p99"),
              rs.getDouble("error_rate"),
              rs.getDouble("drift_share"),
              rs.getBoolean("dataset_drift"),
              features == null
                  ? List.of()
                  : List.of(json.readValue(features, FeatureDrift[].class)),
              prediction == null ? null : json.readValue(prediction, FeatureDrift.class),
              rs.getBoolean("baseline_found"),
              instant(rs, "evaluated_at"));
    }
    return new MonitoringWindow(rs.getObject("id", UUID.class), key, status, result);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
