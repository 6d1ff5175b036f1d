package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;

/** ingestion-service: datasets, their versions and profiles. */
public final class IngestionApi {

  public record Training(String modelGroup, String target, String objective, boolean autoTrain) {}

  public record Dataset(
      String id,
      String name,
      String description,
      List<String> tags,
      Training training,
      String createdBy,
      Instant createdAt) {}

  public record Bin(double lower, double upper, long count) {}

  public record ValueCount(String value, long count) {}

  public record Column(
      String name,
      String type,
      long count,
      long nulls,
      long distinct,
      boolean distinctCapped,
      Double min,
      Double max,
      Double mean,
      Double std,
      List<Bin> histogram,
      List<ValueCount> topValues) {

    public boolean numeric() {
      return "numeric".equals(type);
    }
  }

  public record DatasetVersion(
      String datasetId,
      int version,
      String contentHash,
      long rowCount,
      long sizeBytes,
      String format,
      String location,
      String qualityStatus,
      String qualityReason,
      List<Column> columns,
      String createdBy,
      Instant createdAt,
      SchemaChange schemaChange) {}

  /** How a version's columns differ from the previous version's: NONE, COMPATIBLE or BREAKING. */
  public record SchemaChange(int previousVersion, String kind, List<String> changes) {

    public SchemaChange {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public boolean breaking() {
      return "BREAKING".equals(kind);
    }
  }

  /** One quality rule's outcome on a version; {@code observed} is the measured value. */
  public record RuleResult(
      String rule, boolean passed, Double observed, boolean approximate, String detail) {}

  public record QualityResults(
      String datasetId,
      int version,
      String qualityStatus,
      String qualityReason,
      Integer rulesetVersion,
      List<RuleResult> results) {

    public QualityResults {
      results = results == null ? List.of() : List.copyOf(results);
    }
  }

  /** What the classifier found in a column: a PII kind with its confidence. */
  public record Detection(
      String kind,
      double confidence,
      long matched,
      long sampled,
      boolean byName,
      boolean byValues) {}

  /** A steward's decision on a column's tags, kept in the audit history. */
  public record TagOverride(
      String column, List<String> tags, String reason, String decidedBy, Instant decidedAt) {}

  public record ColumnTags(
      String column,
      List<Detection> detections,
      List<String> detectedTags,
      List<String> tags,
      TagOverride override) {

    public ColumnTags {
      detections = detections == null ? List.of() : List.copyOf(detections);
      detectedTags = detectedTags == null ? List.of() : List.copyOf(detectedTags);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Detected tags nobody has confirmed or overridden yet. */
    public boolean unconfirmed() {
      return override == null && !detectedTags.isEmpty();
    }
  }

  /** The classification of a dataset's latest version, with the stewards' decisions in force. */
  public record Classification(String datasetId, int version, List<ColumnTags> columns) {

    public Classification {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  record TagDecision(List<String> tags, String reason) {}

  /** The body of {@code POST /api/v1/datasets}; {@code training} is null when nothing trains. */
  public record NewDataset(String name, String description, List<String> tags, Training training) {}

  record NewGrant(String principal, List<String> permissions, String datasetId) {}

  /** A data access grant as ingestion answers it. */
  public record Grant(String id, String principal, List<String> permissions) {}

  private final ServiceClient client;

  IngestionApi(ServiceClient client) {
    this.client = client;
  }

  public Page<Dataset> datasets(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Dataset>>() {}, "/api/v1/datasets?size=200");
  }

  public Dataset dataset(String token, String id) {
    return client.get(token, Dataset.class, "/api/v1/datasets/{id}", id);
  }

  public Page<DatasetVersion> versions(String token, String id) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<DatasetVersion>>() {},
        "/api/v1/datasets/{id}/versions?size=200",
        id);
  }

  public QualityResults qualityResults(String token, String id, int version) {
    return client.get(
        token,
        QualityResults.class,
        "/api/v1/datasets/{id}/versions/{version}/quality-results",
        id,
        version);
  }

  public Classification classification(String token, String id) {
    return client.get(token, Classification.class, "/api/v1/datasets/{id}/classification", id);
  }

  /**
   * A steward confirms (the detected tags) or overrides (other tags) a column's tags; ingestion
   * requires the data-engineer or admin role and a reason.
   */
  public ColumnTags decideTags(
      String token, String id, String column, List<String> tags, String reason) {
    return client.put(
        token,
        new TagDecision(tags, reason),
        ColumnTags.class,
        "/api/v1/datasets/{id}/classification/{column}",
        id,
        column);
  }

  public Dataset createDataset(String token, NewDataset dataset) {
    return client.post(token, dataset, Dataset.class, "/api/v1/datasets");
  }

  /** Lets {@code principal} (e.g. {@code team:demo}, what training reads as) read the dataset. */
  public Grant grantRead(String token, String principal, String datasetId) {
    return client.post(
        token, new NewGrant(principal, List.of("READ"), datasetId), Grant.class, "/api/v1/grants");
  }

  /**
   * A new version from a file: the multipart part {@code file}, streamed from {@code content} as
   * ingestion reads it. Ingestion detects the format from the file name (CSV, JSON Lines, Parquet).
   */
  public DatasetVersion uploadVersion(
      String token, String id, org.springframework.core.io.Resource content) {
    org.springframework.util.LinkedMultiValueMap<String, Object> parts =
        new org.springframework.util.LinkedMultiValueMap<>();
    parts.add("file", content);
    return client.postMultipart(
        token, parts, DatasetVersion.class, "/api/v1/datasets/{id}/versions", id);
  }

  public DatasetVersion version(String token, String id, int version) {
    return client.get(
        token, DatasetVersion.class, "/api/v1/datasets/{id}/versions/{version}", id, version);
  }
}
