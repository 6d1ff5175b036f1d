package dev.aifactory.ingestion.catalog.jdbc;

import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.DataCatalog;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog in the service's own PostgreSQL schema (the default): one row per dataset version,
 * written in the registration transaction, so catalog and versions can never disagree.
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.ingestion.catalog",
    havingValue = "local",
    matchIfMissing = true)
class JdbcDataCatalog implements DataCatalog {

  private static final TypeReference<List<CatalogEntry.Column>> COLUMNS = new TypeReference<>() {};
  private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcDataCatalog(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void publish(CatalogEntry e) {
    jdbc.sql(
            """
            insert into catalog_entries (dataset_id, version, team, name, location, format,
                content_hash, columns, row_count, quality_status, tags)
            values (:datasetId, :version, :team, :name, :location, :format, :hash,
                cast(:columns as jsonb), :rows, :quality, cast(:tags as jsonb))
            """)
        .param("datasetId", e.datasetId())
        .param("version", e.version())
        .param("team", e.team())
        .param("name", e.name())
        .param("location", e.location())
        .param("format", e.format())
        .param("hash", e.contentHash())
        .param("columns", json.writeValueAsString(e.columns()))
        .param("rows", e.rowCount())
        .param("quality", e.qualityStatus())
        .param("tags", json.writeValueAsString(e.tags()))
        .update();
  }

  @Override
  public List<CatalogEntry> versions(String team, UUID datasetId, String name) {
    return jdbc.sql(
            """
            select * from catalog_entries where team = :team and dataset_id = :datasetId
            order by version
            """)
        .param("team", team)
        .param("datasetId", datasetId)
        .query(
            (rs, row) ->
                new CatalogEntry(
                    rs.getString("team"),
                    rs.getObject("dataset_id", UUID.class),
                    rs.getString("name"),
                    rs.getInt("version"),
                    rs.getString("location"),
                    rs.getString("format"),
                    rs.getString("content_hash"),
                    json.readValue(rs.getString("columns"), COLUMNS),
                    rs.getLong("row_count"),
                    rs.getString("quality_status"),
                    json.readValue(rs.getString("tags"), TAGS)))
        .list();
  }
}
