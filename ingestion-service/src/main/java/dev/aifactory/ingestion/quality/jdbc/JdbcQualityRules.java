package dev.aifactory.ingestion.quality.jdbc;

import dev.aifactory.ingestion.quality.QualityRules;
import dev.aifactory.ingestion.quality.Ruleset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rulesets in PostgreSQL, one immutable row per version. */
@Repository
class JdbcQualityRules implements QualityRules {

  private final JdbcClient jdbc;

  JdbcQualityRules(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public int lastVersion(UUID datasetId) {
    return jdbc.sql("select coalesce(max(version), 0) from quality_rulesets where dataset_id = :id")
        .param("id", datasetId)
        .query(Integer.class)
        .single();
  }

  @Override
  public void add(Ruleset r) {
    jdbc.sql(
            """
            insert into quality_rulesets (dataset_id, version, rules, rule_count, created_by,
                created_at)
            values (:datasetId, :version, :rules, :ruleCount, :createdBy, :createdAt)
            """)
        .param("datasetId", r.datasetId())
        .param("version", r.version())
        .param("rules", r.text())
        .param("ruleCount", r.ruleCount())
        .param("createdBy", r.createdBy())
        .param("createdAt", OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC))
        .update();
  }

  @Override
  public Optional<Ruleset> latest(UUID datasetId) {
    return jdbc.sql(
            """
            select * from quality_rulesets where dataset_id = :id
            order by version desc limit 1
            """)
        .param("id", datasetId)
        .query(JdbcQualityRules::ruleset)
        .optional();
  }

  private static Ruleset ruleset(ResultSet rs, int row) throws SQLException {
    return new Ruleset(
        rs.getObject("dataset_id", UUID.class),
        rs.getInt("version"),
        rs.getString("rules"),
        rs.getInt("rule_count"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
