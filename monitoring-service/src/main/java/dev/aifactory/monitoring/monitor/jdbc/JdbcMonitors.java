package dev.aifactory.monitoring.monitor.jdbc;

import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.drift.DriftMethod;
import dev.aifactory.monitoring.drift.ThresholdMode;
import dev.aifactory.monitoring.monitor.Monitor;
import dev.aifactory.monitoring.monitor.Monitors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcMonitors implements Monitors {

  private static final String COLUMNS =
      "id, team, endpoint, window_length_seconds, min_samples, p_value_threshold,"
          + " distance_threshold, drift_share_threshold, threshold_mode, numeric_method,"
          + " categorical_method, created_at, updated_at";

  private final JdbcClient jdbc;

  JdbcMonitors(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean create(Monitor m) {
    return params(
                jdbc.sql(
                    """
                    insert into monitors (id, team, endpoint, window_length_seconds, min_samples,
                      p_value_threshold, distance_threshold, drift_share_threshold, threshold_mode,
                      numeric_method, categorical_method, created_at, updated_at)
                    values (:id, :team, :endpoint, :length, :minSamples, :p, :distance, :share,
                      :mode, :numeric, :categorical, :created, :updated)
                    on conflict (team, endpoint) do nothing
                    """),
                m)
            .update()
        == 1;
  }

  @Override
  public boolean update(Monitor m) {
    return params(
                jdbc.sql(
                    """
                    update monitors set window_length_seconds = :length, min_samples = :minSamples,
                      p_value_threshold = :p, distance_threshold = :distance,
                      drift_share_threshold = :share, threshold_mode = :mode,
                      numeric_method = :numeric, categorical_method = :categorical,
                      updated_at = :updated
                    where id = :id and team = :team and endpoint = :endpoint
                    """),
                m)
            .update()
        == 1;
  }

  private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, Monitor m) {
    return spec.param("id", m.id())
        .param("team", m.team())
        .param("endpoint", m.endpoint())
        .param("length", (int) m.windowLength().toSeconds())
        .param("minSamples", m.minSamples())
        .param("p", m.pValueThreshold())
        .param("distance", m.distanceThreshold())
        .param("share", m.driftShareThreshold())
        .param("mode", m.thresholds().name())
        .param("numeric", m.numericMethod() == null ? null : m.numericMethod().name())
        .param("categorical", m.categoricalMethod() == null ? null : m.categoricalMethod().name())
        .param("created", utc(m.createdAt()))
        .param("updated", utc(m.updatedAt()));
  }

  @Override
  public boolean delete(String team, UUID id) {
    return jdbc.sql("delete from monitors where id = :id and team = :team")
            .param("id", id)
            .param("team", team)
            .update()
        == 1;
  }

  @Override
  public Optional<Monitor> find(String team, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from monitors where id = :id and team = :team")
        .param("id", id)
        .param("team", team)
        .query(JdbcMonitors::map)
        .optional();
  }

  @Override
  public Optional<Monitor> ofEndpoint(String team, String endpoint) {
    return jdbc.sql(
            "select " + COLUMNS + " from monitors where team = :team and endpoint = :endpoint")
        .param("team", team)
        .param("endpoint", endpoint)
        .query(JdbcMonitors::map)
        .optional();
  }

  @Override
  public Page<Monitor> list(String team, int page, int size) {
    long total =
        jdbc.sql("select count(*) from monitors where team = :team")
            .param("team", team)
            .query(Long.class)
            .single();
    List<Monitor> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from monitors where team = :team order by endpoint"
                    + " limit :limit offset :offset")
            .param("team", team)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(JdbcMonitors::map)
            .list();
    return new Page<>(items, page, size, total);
  }

  private static Monitor map(ResultSet rs, int row) throws SQLException {
    String numeric = rs.getString("numeric_method");
    String categorical = rs.getString("categorical_method");
    return new Monitor(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("endpoint"),
        Duration.ofSeconds(rs.getInt("window_length_seconds")),
        rs.getInt("min_samples"),
        rs.getDouble("p_value_threshold"),
        rs.getDouble("distance_threshold"),
        rs.getDouble("drift_share_threshold"),
        ThresholdMode.valueOf(rs.getString("threshold_mode")),
        numeric == null ? null : DriftMethod.valueOf(numeric),
        categorical == null ? null : DriftMethod.valueOf(categorical),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
