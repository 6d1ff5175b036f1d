package dev.aifactory.monitoring.quality.jdbc;

import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.quality.QualityResults;
import dev.aifactory.monitoring.quality.QualityWindow;
import dev.aifactory.monitoring.quality.WindowQuality;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcQualityResults implements QualityResults {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcQualityResults(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void save(WindowQuality q) {
    QualityWindow w = q.window();
    jdbc.sql(
            """
            insert into window_quality (window_id, source, team, endpoint, variant, model_group,
              version, window_start, window_end, objective, sample_count, metrics,
              training_metrics, degraded, computed_at)
            values (:id, :source, :team, :endpoint, :variant, :group, :version, :from, :to,
              :objective, :samples, cast(:metrics as jsonb), cast(:training as jsonb),
              cast(:degraded as jsonb), :at)
            on conflict (window_id, source) do update set
              sample_count = excluded.sample_count, metrics = excluded.metrics,
              training_metrics = excluded.training_metrics, degraded = excluded.degraded,
              computed_at = excluded.computed_at
            """)
        .param("id", w.windowId())
        .param("source", q.source().label())
        .param("team", w.team())
        .param("endpoint", w.endpoint())
        .param("variant", w.variant())
        .param("group", w.modelGroup())
        .param("version", w.version())
        .param("from", JdbcGroundTruth.utc(w.from()))
        .param("to", JdbcGroundTruth.utc(w.to()))
        .param("objective", q.objective() == null ? "unknown" : q.objective())
        .param("samples", q.sampleCount())
        .param("metrics", json.writeValueAsString(q.metrics()))
        .param("training", json.writeValueAsString(q.trainingMetrics()))
        .param("degraded", json.writeValueAsString(q.degraded()))
        .param("at", JdbcGroundTruth.utc(q.computedAt()))
        .update();
  }

  @Override
  public boolean firstAlert(UUID windowId, String metric, boolean estimated) {
    return jdbc.sql(
                """
                insert into quality_alerts (window_id, metric, estimated)
                values (:id, :metric, :estimated) on conflict do nothing
                """)
            .param("id", windowId)
            .param("metric", metric)
            .param("estimated", estimated)
            .update()
        == 1;
  }

  @Override
  public Page<WindowQuality> list(
      String team, String endpoint, String modelGroup, int page, int size) {
    StringBuilder where = new StringBuilder(" where team = :team");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("team", team);
    if (endpoint != null) {
      where.append(" and endpoint = :endpoint");
      params.put("endpoint", endpoint);
    }
    if (modelGroup != null) {
      where.append(" and model_group = :group");
      params.put("group", modelGroup);
    }
    long total =
        jdbc.sql("select count(*) from window_quality" + where)
            .params(params)
            .query(Long.class)
            .single();
    List<WindowQuality> items =
        jdbc.sql(
                """
                select window_id, source, team, endpoint, variant, model_group, version,
                       window_start, window_end, objective, sample_count, metrics::text as metrics,
                       training_metrics::text as training_metrics, degraded::text as degraded,
                       computed_at
                from window_quality"""
                    + where
                    + " order by window_start desc, endpoint, variant, source, window_id"
                    + " limit :limit offset :offset")
            .params(params)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(this::map)
            .list();
    return new Page<>(items, page, size, total);
  }

  private WindowQuality map(ResultSet rs, int row) throws SQLException {
    return new WindowQuality(
        new QualityWindow(
            rs.getObject("window_id", UUID.class),
            rs.getString("team"),
            rs.getString("endpoint"),
            rs.getString("variant"),
            rs.getString("model_group"),
            rs.getInt("version"),
            rs.getObject("window_start", OffsetDateTime.class).toInstant(),
            rs.getObject("window_end", OffsetDateTime.class).toInstant()),
        WindowQuality.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
        rs.getString("objective"),
        rs.getLong("sample_count"),
        numbers(rs.getString("metrics")),
        numbers(rs.getString("training_metrics")),
        List.of(json.readValue(rs.getString("degraded"), String[].class)),
        rs.getObject("computed_at", OffsetDateTime.class).toInstant());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Double> numbers(String text) {
    Map<String, Object> raw = json.readValue(text, Map.class);
    Map<String, Double> out = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (v instanceof Number n) {
            out.put(k, n.doubleValue());
          }
        });
    return out;
  }
}
