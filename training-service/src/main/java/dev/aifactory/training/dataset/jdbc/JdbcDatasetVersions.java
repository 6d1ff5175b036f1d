package dev.aifactory.training.dataset.jdbc;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.ColumnSummary;
import dev.aifactory.training.dataset.DatasetVersion;
import dev.aifactory.training.dataset.DatasetVersions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcDatasetVersions implements DatasetVersions {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<ColumnSchema>> COLUMNS = new TypeReference<>() {};
  private static final TypeReference<List<ColumnSummary>> PROFILE = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcDatasetVersions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void save(DatasetVersion v) {
    jdbc.sql(
            """
            insert into dataset_versions (dataset_id, version, team, name, location, format, tags,
                columns, quality_status, row_count, binding_model_group, binding_target,
                binding_objective, profile)
            values (:datasetId, :version, :team, :name, :location, :format, :tags::jsonb,
                :columns::jsonb, :quality, :rows, :bindingGroup, :bindingTarget,
                :bindingObjective, :profile::jsonb)
            on conflict do nothing
            """)
        .param("datasetId", v.datasetId())
        .param("version", v.version())
        .param("team", v.team())
        .param("name", v.name())
        .param("location", v.location())
        .param("format", v.format())
        .param("tags", json.writeValueAsString(v.tags()))
        .param("columns", json.writeValueAsString(v.columns()))
        .param("quality", v.qualityStatus())
        .param("rows", v.rowCount())
        .param("bindingGroup", v.training() == null ? null : v.training().modelGroup())
        .param("bindingTarget", v.training() == null ? null : v.training().target())
        .param("bindingObjective", v.training() == null ? null : v.training().objective())
        .param("profile", json.writeValueAsString(v.profile() == null ? List.of() : v.profile()))
        .update();
  }

  @Override
  public Optional<DatasetVersion> find(String datasetId, int version) {
    return jdbc.sql("select * from dataset_versions where dataset_id = :id and version = :v")
        .param("id", datasetId)
        .param("v", version)
        .query(this::map)
        .optional();
  }

  @Override
  public Optional<DatasetVersion> latest(String datasetId) {
    return jdbc.sql(
            "select * from dataset_versions where dataset_id = :id order by version desc limit 1")
        .param("id", datasetId)
        .query(this::map)
        .optional();
  }

  private DatasetVersion map(ResultSet rs, int row) throws SQLException {
    return new DatasetVersion(
        rs.getString("dataset_id"),
        rs.getInt("version"),
        rs.getString("team"),
        rs.getString("name"),
        rs.getString("location"),
        rs.getString("format"),
        json.readValue(rs.getString("tags"), STRINGS),
        json.readValue(rs.getString("columns"), COLUMNS),
        rs.getString("quality_status"),
        rs.getLong("row_count"),
        rs.getString("binding_target") == null && rs.getString("binding_objective") == null
            ? null
            : new DatasetVersion.Binding(
                rs.getString("binding_model_group"),
                rs.getString("binding_target"),
                rs.getString("binding_objective")),
        json.readValue(rs.getString("profile"), PROFILE));
  }
}
