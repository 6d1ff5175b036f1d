package dev.aifactory.policy.loop.jdbc;

import dev.aifactory.policy.loop.ModelGroup;
import dev.aifactory.policy.loop.ModelGroups;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcModelGroups implements ModelGroups {

  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcModelGroups(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public ModelGroup lock(String team, String name) {
    jdbc.sql(
            "insert into model_groups (team, model_group) values (:team, :name) on conflict do nothing")
        .param("team", team)
        .param("name", name)
        .update();
    return jdbc.sql(
            "select * from model_groups where team = :team and model_group = :name for update")
        .param("team", team)
        .param("name", name)
        .query(
            (rs, n) -> {
              String metrics = rs.getString("champion_metrics");
              return new ModelGroup(
                  rs.getString("team"),
                  rs.getString("model_group"),
                  rs.getString("dataset_id"),
                  (Integer) rs.getObject("champion_version"),
                  metrics == null ? null : json.readValue(metrics, METRICS),
                  instant(rs.getObject("last_data_request_at", OffsetDateTime.class)),
                  instant(rs.getObject("last_drift_request_at", OffsetDateTime.class)));
            })
        .single();
  }

  @Override
  public void bindDataset(String team, String name, String datasetId) {
    update("dataset_id = :value", team, name, datasetId);
  }

  @Override
  public void championMoved(String team, String name, int version, Map<String, Double> metrics) {
    jdbc.sql(
            """
            update model_groups set champion_version = :version, champion_metrics = :metrics
            where team = :team and model_group = :name
            """)
        .param("version", version)
        .param("metrics", json.writeValueAsString(metrics))
        .param("team", team)
        .param("name", name)
        .update();
  }

  @Override
  public void dataTrainingRequested(String team, String name, Instant at) {
    update(
        "last_data_request_at = :value", team, name, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  @Override
  public void driftTrainingRequested(String team, String name, Instant at) {
    update(
        "last_drift_request_at = :value", team, name, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  private void update(String assignment, String team, String name, Object value) {
    jdbc.sql(
            "update model_groups set " + assignment + " where team = :team and model_group = :name")
        .param("value", value)
        .param("team", team)
        .param("name", name)
        .update();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
