package dev.aifactory.training.registry.jdbc;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.training.Page;
import dev.aifactory.training.registry.Diagnostics;
import dev.aifactory.training.registry.ModelCard;
import dev.aifactory.training.registry.ModelVersion;
import dev.aifactory.training.registry.ModelVersions;
import dev.aifactory.training.registry.VersionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcModelVersions implements ModelVersions {

  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Integer>> LABELS = new TypeReference<>() {};
  private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};
  private static final TypeReference<List<FeatureSpec>> FEATURES = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcModelVersions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(ModelVersion v) {
    jdbc.sql(
            """
            insert into model_versions (model_group, version, team, run_id, status, objective,
                target, metrics, params, trigger, dataset_id, dataset_version, tags, feature_schema,
                label_mapping, artifact_uri, artifact_sha256, baseline_uri, diagnostics,
                requested_by, model_package_arn)
            values (:group, :version, :team, :runId, :status, :objective, :target, :metrics::jsonb,
                :params::jsonb, :trigger, :datasetId, :datasetVersion, :tags::jsonb,
                :features::jsonb, :labels::jsonb, :artifactUri, :sha256, :baselineUri,
                :diagnostics::jsonb, :requestedBy, :packageArn)
            """)
        .param("group", v.modelGroup())
        .param("version", v.version())
        .param("team", v.team())
        .param("runId", v.runId())
        .param("status", v.status().name())
        .param("objective", v.objective())
        .param("target", v.target())
        .param("metrics", json.writeValueAsString(v.metrics()))
        .param("params", json.writeValueAsString(v.params()))
        .param("trigger", v.trigger())
        .param("datasetId", v.datasetId())
        .param("datasetVersion", v.datasetVersion())
        .param("tags", json.writeValueAsString(v.tags() == null ? List.of() : v.tags()))
        .param("features", json.writeValueAsString(v.featureSchema()))
        .param(
            "labels", v.labelMapping() == null ? null : json.writeValueAsString(v.labelMapping()))
        .param("artifactUri", v.artifactUri())
        .param("sha256", v.artifactSha256())
        .param("baselineUri", v.baselineUri())
        .param(
            "diagnostics",
            json.writeValueAsString(v.diagnostics() == null ? Diagnostics.NONE : v.diagnostics()))
        .param("requestedBy", v.requestedBy())
        .param("packageArn", v.modelPackageArn())
        .update();
  }

  @Override
  public int nextVersion(String modelGroup) {
    return jdbc.sql(
            "select coalesce(max(version), 0) + 1 from model_versions where model_group = :g")
        .param("g", modelGroup)
        .query(Integer.class)
        .single();
  }

  @Override
  public Optional<ModelVersion> find(String modelGroup, int version) {
    return jdbc.sql("select * from model_versions where model_group = :g and version = :v")
        .param("g", modelGroup)
        .param("v", version)
        .query(this::map)
        .optional();
  }

  @Override
  public Optional<ModelVersion> findByRun(UUID runId) {
    return jdbc.sql("select * from model_versions where run_id = :id")
        .param("id", runId)
        .query(this::map)
        .optional();
  }

  @Override
  public Page<ModelVersion> list(String modelGroup, int page, int size) {
    long total =
        jdbc.sql("select count(*) from model_versions where model_group = :g")
            .param("g", modelGroup)
            .query(Long.class)
            .single();
    return new Page<>(
        jdbc.sql(
                "select * from model_versions where model_group = :g order by version desc"
                    + " limit :limit offset :offset")
            .param("g", modelGroup)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(this::map)
            .list(),
        page,
        size,
        total);
  }

  @Override
  public void saveCard(String modelGroup, int version, ModelCard.Edits edits) {
    jdbc.sql(
            "update model_versions set card = :card::jsonb where model_group = :g and version = :v")
        .param("card", json.writeValueAsString(edits))
        .param("g", modelGroup)
        .param("v", version)
        .update();
  }

  @Override
  public void decide(String modelGroup, int version, VersionStatus status, String decisionId) {
    jdbc.sql(
            """
            update model_versions set status = :status, decision_id = :decision, decided_at = now()
            where model_group = :g and version = :v
            """)
        .param("status", status.name())
        .param("decision", decisionId)
        .param("g", modelGroup)
        .param("v", version)
        .update();
  }

  private ModelVersion map(ResultSet rs, int row) throws SQLException {
    String labels = rs.getString("label_mapping");
    Timestamp decided = rs.getTimestamp("decided_at");
    String diagnostics = rs.getString("diagnostics");
    String card = rs.getString("card");
    return new ModelVersion(
        rs.getString("model_group"),
        rs.getInt("version"),
        rs.getString("team"),
        rs.getObject("run_id", UUID.class),
        VersionStatus.valueOf(rs.getString("status")),
        rs.getString("objective"),
        rs.getString("target"),
        json.readValue(rs.getString("metrics"), METRICS),
        json.readValue(rs.getString("params"), PARAMS),
        rs.getString("trigger"),
        rs.getString("dataset_id"),
        rs.getInt("dataset_version"),
        json.readValue(rs.getString("tags"), TAGS),
        json.readValue(rs.getString("feature_schema"), FEATURES),
        labels == null ? null : json.readValue(labels, LABELS),
        rs.getString("artifact_uri"),
        rs.getString("artifact_sha256"),
        rs.getString("baseline_uri"),
        rs.getString("decision_id"),
        rs.getTimestamp("created_at").toInstant(),
        decided == null ? null : decided.toInstant(),
        rs.getString("requested_by"),
        diagnostics == null ? Diagnostics.NONE : json.readValue(diagnostics, Diagnostics.class),
        rs.getString("model_package_arn"),
        card == null ? null : json.readValue(card, ModelCard.Edits.class));
  }
}
