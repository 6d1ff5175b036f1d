package dev.aifactory.monitoring.baseline.jdbc;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.baseline.ModelBaseline;
import dev.aifactory.monitoring.drift.BaselineCalibration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcBaselines implements Baselines {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcBaselines(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public boolean save(ModelBaseline b) {
    return jdbc.sql(
                """
                insert into baselines
                  (team, model_group, version, objective, feature_schema, baseline, registered_at,
                   training_metrics, calibration)
                values (:team, :group, :version, :objective, cast(:schema as jsonb),
                        cast(:baseline as jsonb), :at, cast(:metrics as jsonb),
                        cast(:calibration as jsonb))
                on conflict do nothing
                """)
            .param("team", b.team())
            .param("group", b.modelGroup())
            .param("version", b.version())
            .param("objective", b.objective())
            .param("schema", json.writeValueAsString(b.featureSchema()))
            .param("baseline", b.baseline() == null ? null : json.writeValueAsString(b.baseline()))
            .param("at", OffsetDateTime.ofInstant(b.registeredAt(), ZoneOffset.UTC))
            .param(
                "metrics",
                json.writeValueAsString(
                    b.trainingMetrics() == null ? Map.of() : b.trainingMetrics()))
            .param(
                "calibration",
                b.calibration() == null ? null : json.writeValueAsString(b.calibration()))
            .update()
        == 1;
  }

  @Override
  public Optional<ModelBaseline> find(String team, String modelGroup, int version) {
    return jdbc.sql(
            """
            select team, model_group, version, objective, feature_schema::text as feature_schema,
                   baseline::text as baseline, registered_at,
                   training_metrics::text as training_metrics, calibration::text as calibration
            from baselines where team = :team and model_group = :group and version = :version
            """)
        .param("team", team)
        .param("group", modelGroup)
        .param("version", version)
        .query(
            (rs, n) -> {
              String baseline = rs.getString("baseline");
              String metrics = rs.getString("training_metrics");
              String calibration = rs.getString("calibration");
              return new ModelBaseline(
                  rs.getString("team"),
                  rs.getString("model_group"),
                  rs.getInt("version"),
                  rs.getString("objective"),
                  List.of(json.readValue(rs.getString("feature_schema"), FeatureSpec[].class)),
                  baseline == null ? null : json.readValue(baseline, DriftBaseline.class),
                  rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                  metrics == null ? Map.of() : metrics(metrics),
                  calibration == null
                      ? null
                      : json.readValue(calibration, BaselineCalibration.class));
            })
        .optional();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Double> metrics(String text) {
    Map<String, Object> raw = json.readValue(text, Map.class);
    Map<String, Double> metrics = new java.util.LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (v instanceof Number number) {
            metrics.put(k, number.doubleValue());
          }
        });
    return metrics;
  }
}
