package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One immutable, content-addressed version of a dataset with its profile and quality verdict.
 * {@code rulesetVersion} is the quality ruleset that ran (null if the dataset had none), {@code
 * tags} the dataset tags plus the classification tags in force when the version was registered,
 * {@code schemaChange} how its columns differ from the previous version's (null for version 1).
 */
public record DatasetVersion(
    UUID datasetId,
    int version,
    String contentHash,
    String location,
    String format,
    long sizeBytes,
    long rowCount,
    QualityStatus qualityStatus,
    String qualityReason,
    List<ColumnProfile> columns,
    String createdBy,
    Instant createdAt,
    Integer rulesetVersion,
    List<RuleResult> qualityResults,
    List<String> tags,
    SchemaChange schemaChange) {

  public DatasetVersion {
    qualityResults = qualityResults == null ? List.of() : List.copyOf(qualityResults);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
