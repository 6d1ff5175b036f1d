package dev.aifactory.policy.loop.jdbc;

import dev.aifactory.policy.loop.DatasetVersion;
import dev.aifactory.policy.loop.DatasetVersions;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcDatasetVersions implements DatasetVersions {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

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
            insert into dataset_versions (dataset_id, version, team, name, location, tags, quality,
                                          model_group, target, objective, auto_train)
            values (:id, :version, :team, :name, :location, :tags, :quality,
                    :group, :target, :objective, :autoTrain)
            on conflict do nothing
            """)
        .param("id", v.datasetId())
        .param("version", v.version())
        .param("team", v.team())
        .param("name", v.name())
        .param("location", v.location())
        .param("tags", json.writeValueAsString(v.tags()))
        .param("quality", v.quality())
        .param("group", v.modelGroup())
        .param("target", v.target())
        .param("objective", v.objective())
        .param("autoTrain", v.autoTrain())
        .update();
  }

  @Override
  public Optional<DatasetVersion> newestTrainable(String datasetId) {
    return jdbc.sql(
            """
            select * from dataset_versions where dataset_id = :id and quality = :passed
            order by version desc limit 1
            """)
        .param("id", datasetId)
        .param("passed", DatasetVersion.PASSED)
        .query(
            (rs, n) ->
                new DatasetVersion(
                    rs.getString("dataset_id"),
                    rs.getInt("version"),
                    rs.getString("team"),
                    rs.getString("name"),
                    rs.getString("location"),
                    json.readValue(rs.getString("tags"), STRINGS),
                    rs.getString("quality"),
                    rs.getString("model_group"),
                    rs.getString("target"),
                    rs.getString("objective"),
                    rs.getBoolean("auto_train")))
        .optional();
  }
}
