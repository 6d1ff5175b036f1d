package dev.aifactory.gateway.endpoint.jdbc;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.gateway.endpoint.Champions;
import dev.aifactory.gateway.endpoint.ModelVersion;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcChampions implements Champions {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcChampions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void record(ModelVersion v) {
    jdbc.sql(
            """
            insert into model_versions (team, model_group, version, artifact_uri, objective,
                                        feature_schema)
            values (:team, :group, :version, :uri, :objective, :schema)
            on conflict (team, model_group, version) do update
               set artifact_uri = excluded.artifact_uri, objective = excluded.objective,
                   feature_schema = excluded.feature_schema
            """)
        .param("team", v.team())
        .param("group", v.modelGroup())
        .param("version", v.version())
        .param("uri", v.artifactUri())
        .param("objective", v.objective())
        .param("schema", json.writeValueAsString(v.featureSchema()))
        .update();
  }

  @Override
  public void move(String team, String modelGroup, int version) {
    jdbc.sql(
            """
            insert into champions (team, model_group, version) values (:team, :group, :version)
            on conflict (team, model_group) do update
               set version = excluded.version, moved_at = now()
            """)
        .param("team", team)
        .param("group", modelGroup)
        .param("version", version)
        .update();
  }

  @Override
  public Optional<ModelVersion> champion(String team, String modelGroup) {
    return jdbc.sql(
            """
            select m.team, m.model_group, m.version, m.artifact_uri, m.objective, m.feature_schema
            from champions c
            join model_versions m
              on m.team = c.team and m.model_group = c.model_group and m.version = c.version
            where c.team = :team and c.model_group = :group
            """)
        .param("team", team)
        .param("group", modelGroup)
        .query(
            (rs, n) ->
                new ModelVersion(
                    rs.getString("team"),
                    rs.getString("model_group"),
                    rs.getInt("version"),
                    rs.getString("artifact_uri"),
                    rs.getString("objective"),
                    List.of(json.readValue(rs.getString("feature_schema"), FeatureSpec[].class))))
        .optional();
  }

  @Override
  public Optional<ModelVersion> version(String team, String modelGroup, int version) {
    return jdbc.sql(
            """
            select team, model_group, version, artifact_uri, objective, feature_schema
            from model_versions
            where team = :team and model_group = :group and version = :version
            """)
        .param("team", team)
        .param("group", modelGroup)
        .param("version", version)
        .query(
            (rs, n) ->
                new ModelVersion(
                    rs.getString("team"),
                    rs.getString("model_group"),
                    rs.getInt("version"),
                    rs.getString("artifact_uri"),
                    rs.getString("objective"),
                    List.of(json.readValue(rs.getString("feature_schema"), FeatureSpec[].class))))
        .optional();
  }

  @Override
  public List<Integer> versions(String team, String modelGroup) {
    return jdbc.sql(
            "select version from model_versions where team = :team and model_group = :group"
                + " order by version")
        .param("team", team)
        .param("group", modelGroup)
        .query(Integer.class)
        .list();
  }

  @Override
  public void recordDataTags(String team, String modelGroup, int version, List<String> tags) {
    jdbc.sql(
            "update model_versions set data_tags = :tags"
                + " where team = :team and model_group = :group and version = :version")
        .param("tags", json.writeValueAsString(tags == null ? List.of() : tags))
        .param("team", team)
        .param("group", modelGroup)
        .param("version", version)
        .update();
  }

  @Override
  public List<String> dataTags(String team, String modelGroup, int version) {
    return jdbc
        .sql(
            "select data_tags from model_versions"
                + " where team = :team and model_group = :group and version = :version")
        .param("team", team)
        .param("group", modelGroup)
        .param("version", version)
        .query((rs, n) -> rs.getString("data_tags"))
        .list()
        .stream()
        .filter(tags -> tags != null)
        .findFirst()
        .map(tags -> List.of(json.readValue(tags, String[].class)))
        .orElse(List.of());
  }
}
