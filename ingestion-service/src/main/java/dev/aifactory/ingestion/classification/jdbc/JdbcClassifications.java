package dev.aifactory.ingestion.classification.jdbc;

import dev.aifactory.ingestion.classification.Classifications;
import dev.aifactory.ingestion.classification.ColumnClassification;
import dev.aifactory.ingestion.classification.Detection;
import dev.aifactory.ingestion.classification.TagOverride;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Column classifications and the append-only override history in PostgreSQL. */
@Repository
class JdbcClassifications implements Classifications {

  private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};
  private static final TypeReference<List<Detection>> DETECTIONS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcClassifications(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void save(UUID datasetId, int version, List<ColumnClassification> columns) {
    for (int i = 0; i < columns.size(); i++) {
      ColumnClassification c = columns.get(i);
      jdbc.sql(
              """
              insert into column_classifications (dataset_id, version, position, column_name,
                  detections, tags)
              values (:datasetId, :version, :position, :column, cast(:detections as jsonb),
                  cast(:tags as jsonb))
              """)
          .param("datasetId", datasetId)
          .param("version", version)
          .param("position", i)
          .param("column", c.column())
          .param("detections", json.writeValueAsString(c.detections()))
          .param("tags", json.writeValueAsString(c.tags()))
          .update();
    }
  }

  @Override
  public List<ColumnClassification> find(UUID datasetId, int version) {
    return jdbc.sql(
            """
            select column_name, detections, tags from column_classifications
            where dataset_id = :datasetId and version = :version order by position
            """)
        .param("datasetId", datasetId)
        .param("version", version)
        .query(
            (rs, row) ->
                new ColumnClassification(
                    rs.getString("column_name"),
                    json.readValue(rs.getString("detections"), DETECTIONS),
                    json.readValue(rs.getString("tags"), TAGS)))
        .list();
  }

  @Override
  public void addOverride(TagOverride o) {
    jdbc.sql(
            """
            insert into classification_overrides (dataset_id, column_name, tags, reason,
                decided_by, decided_at)
            values (:datasetId, :column, cast(:tags as jsonb), :reason, :decidedBy, :decidedAt)
            """)
        .param("datasetId", o.datasetId())
        .param("column", o.column())
        .param("tags", json.writeValueAsString(o.tags()))
        .param("reason", o.reason())
        .param("decidedBy", o.decidedBy())
        .param("decidedAt", OffsetDateTime.ofInstant(o.decidedAt(), ZoneOffset.UTC))
        .update();
  }

  @Override
  public Map<String, TagOverride> currentOverrides(UUID datasetId) {
    Map<String, TagOverride> current = new LinkedHashMap<>();
    jdbc.sql(
            """
            select distinct on (column_name) * from classification_overrides
            where dataset_id = :datasetId order by column_name, id desc
            """)
        .param("datasetId", datasetId)
        .query(this::override)
        .list()
        .forEach(o -> current.put(o.column(), o));
    return current;
  }

  @Override
  public List<TagOverride> history(UUID datasetId, String column) {
    return jdbc.sql(
            """
            select * from classification_overrides
            where dataset_id = :datasetId and column_name = :column order by id desc
            """)
        .param("datasetId", datasetId)
        .param("column", column)
        .query(this::override)
        .list();
  }

  private TagOverride override(ResultSet rs, int row) throws SQLException {
    return new TagOverride(
        rs.getObject("dataset_id", UUID.class),
        rs.getString("column_name"),
        json.readValue(rs.getString("tags"), TAGS),
        rs.getString("reason"),
        rs.getString("decided_by"),
        rs.getObject("decided_at", OffsetDateTime.class).toInstant());
  }
}
