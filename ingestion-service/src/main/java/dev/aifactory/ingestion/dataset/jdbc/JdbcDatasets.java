package dev.aifactory.ingestion.dataset.jdbc;

import dev.aifactory.common.events.SchemaChange;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.Dataset;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.Datasets;
import dev.aifactory.ingestion.dataset.Page;
import dev.aifactory.ingestion.dataset.QualityStatus;
import dev.aifactory.ingestion.dataset.RuleResult;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Datasets and versions in PostgreSQL; tags and profiles as JSONB documents. */
@Repository
class JdbcDatasets implements Datasets {

  private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};
  private static final TypeReference<List<ColumnProfile>> PROFILE = new TypeReference<>() {};
  private static final TypeReference<List<RuleResult>> RESULTS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcDatasets(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public boolean add(Dataset d) {
    TrainingBinding t = d.training();
    return jdbc.sql(
                """
                insert into datasets (id, team, name, description, tags, training_model_group,
                    training_target, training_objective, training_auto_train, created_by, created_at)
                values (:id, :team, :name, :description, cast(:tags as jsonb), :modelGroup,
                    :target, :objective, :autoTrain, :createdBy, :createdAt)
                on conflict (team, name) do nothing
                """)
            .param("id", d.id())
            .param("team", d.team())
            .param("name", d.name())
            .param("description", d.description())
            .param("tags", json.writeValueAsString(d.tags()))
            .param("modelGroup", t == null ? null : t.modelGroup())
            .param("target", t == null ? null : t.target())
            .param("objective", t == null ? null : t.objective())
            .param("autoTrain", t == null ? null : t.autoTrain())
            .param("createdBy", d.createdBy())
            .param("createdAt", utc(d.createdAt()))
            .update()
        == 1;
  }

  @Override
  public Optional<Dataset> find(String team, UUID id) {
    return jdbc.sql("select * from datasets where team = :team and id = :id")
        .param("team", team)
        .param("id", id)
        .query(this::dataset)
        .optional();
  }

  @Override
  public Page<Dataset> list(String team, int page, int size) {
    List<Dataset> items =
        jdbc.sql(
                """
                select * from datasets where team = :team
                order by created_at desc, id limit :limit offset :offset
                """)
            .param("team", team)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(this::dataset)
            .list();
    long total =
        jdbc.sql("select count(*) from datasets where team = :team")
            .param("team", team)
            .query(Long.class)
            .single();
    return new Page<>(items, page, size, total);
  }

  @Override
  public void lock(UUID datasetId) {
    jdbc.sql("select id from datasets where id = :id for update")
        .param("id", datasetId)
        .query(UUID.class)
        .single();
  }

  @Override
  public int lastVersion(UUID datasetId) {
    return jdbc.sql("select coalesce(max(version), 0) from dataset_versions where dataset_id = :id")
        .param("id", datasetId)
        .query(Integer.class)
        .single();
  }

  @Override
  public Optional<DatasetVersion> findVersionByHash(UUID datasetId, String contentHash) {
    return jdbc.sql(
            "select * from dataset_versions where dataset_id = :id and content_hash = :hash")
        .param("id", datasetId)
        .param("hash", contentHash)
        .query(this::version)
        .optional();
  }

  @Override
  public Optional<DatasetVersion> findVersion(UUID datasetId, int version) {
    return jdbc.sql("select * from dataset_versions where dataset_id = :id and version = :version")
        .param("id", datasetId)
        .param("version", version)
        .query(this::version)
        .optional();
  }

  @Override
  public Page<DatasetVersion> listVersions(UUID datasetId, int page, int size) {
    List<DatasetVersion> items =
        jdbc.sql(
                """
                select * from dataset_versions where dataset_id = :id
                order by version desc limit :limit offset :offset
                """)
            .param("id", datasetId)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(this::version)
            .list();
    long total =
        jdbc.sql("select count(*) from dataset_versions where dataset_id = :id")
            .param("id", datasetId)
            .query(Long.class)
            .single();
    return new Page<>(items, page, size, total);
  }

  @Override
  public void addVersion(DatasetVersion v) {
    jdbc.sql(
            """
            insert into dataset_versions (dataset_id, version, content_hash, location, format,
                size_bytes, row_count, quality_status, quality_reason, profile, created_by,
                created_at, ruleset_version, quality_results, tags, schema_change)
            values (:datasetId, :version, :hash, :location, :format, :size, :rows, :status,
                :reason, cast(:profile as jsonb), :createdBy, :createdAt, :rulesetVersion,
                cast(:qualityResults as jsonb), cast(:tags as jsonb), cast(:schemaChange as jsonb))
            """)
        .param("datasetId", v.datasetId())
        .param("version", v.version())
        .param("hash", v.contentHash())
        .param("location", v.location())
        .param("format", v.format())
        .param("size", v.sizeBytes())
        .param("rows", v.rowCount())
        .param("status", v.qualityStatus().name())
        .param("reason", v.qualityReason())
        .param("profile", json.writeValueAsString(v.columns()))
        .param("createdBy", v.createdBy())
        .param("createdAt", utc(v.createdAt()))
        .param("rulesetVersion", v.rulesetVersion())
        .param("qualityResults", json.writeValueAsString(v.qualityResults()))
        .param("tags", json.writeValueAsString(v.tags()))
        .param(
            "schemaChange",
            v.schemaChange() == null ? null : json.writeValueAsString(v.schemaChange()))
        .update();
  }

  private Dataset dataset(ResultSet rs, int row) throws SQLException {
    String modelGroup = rs.getString("training_model_group");
    TrainingBinding training =
        modelGroup == null
            ? null
            : new TrainingBinding(
                modelGroup,
                rs.getString("training_target"),
                rs.getString("training_objective"),
                rs.getBoolean("training_auto_train"));
    return new Dataset(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("name"),
        rs.getString("description"),
        json.readValue(rs.getString("tags"), TAGS),
        training,
        rs.getString("created_by"),
        instant(rs, "created_at"));
  }

  private DatasetVersion version(ResultSet rs, int row) throws SQLException {
    return new DatasetVersion(
        rs.getObject("dataset_id", UUID.class),
        rs.getInt("version"),
        rs.getString("content_hash"),
        rs.getString("location"),
        rs.getString("format"),
        rs.getLong("size_bytes"),
        rs.getLong("row_count"),
        QualityStatus.valueOf(rs.getString("quality_status")),
        rs.getString("quality_reason"),
        json.readValue(rs.getString("profile"), PROFILE),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        rs.getObject("ruleset_version", Integer.class),
        json.readValue(rs.getString("quality_results"), RESULTS),
        json.readValue(rs.getString("tags"), TAGS),
        schemaChange(rs.getString("schema_change")));
  }

  private SchemaChange schemaChange(String stored) {
    return stored == null ? null : json.readValue(stored, SchemaChange.class);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
