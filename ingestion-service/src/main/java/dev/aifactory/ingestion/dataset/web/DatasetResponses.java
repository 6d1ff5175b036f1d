package dev.aifactory.ingestion.dataset.web;

import dev.aifactory.common.events.SchemaChange;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.Dataset;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.Page;
import dev.aifactory.ingestion.dataset.RuleResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies of the dataset API. */
final class DatasetResponses {

  private DatasetResponses() {}

  static String location(UUID datasetId) {
    return "/api/v1/datasets/" + datasetId;
  }

  static String location(UUID datasetId, int version) {
    return location(datasetId) + "/versions/" + version;
  }

  record DatasetView(
      UUID id,
      String name,
      String description,
      List<String> tags,
      TrainingBinding training,
      String createdBy,
      Instant createdAt) {

    static DatasetView of(Dataset d) {
      return new DatasetView(
          d.id(), d.name(), d.description(), d.tags(), d.training(), d.createdBy(), d.createdAt());
    }
  }

  record VersionView(
      UUID datasetId,
      int version,
      String contentHash,
      long rowCount,
      long sizeBytes,
      String format,
      String location,
      String qualityStatus,
      String qualityReason,
      List<ColumnProfile> columns,
      String createdBy,
      Instant createdAt,
      List<String> tags,
      Integer rulesetVersion,
      List<RuleResult> qualityResults,
      SchemaChange schemaChange) {

    static VersionView full(DatasetVersion v) {
      return of(v, v.columns());
    }

    static VersionView summary(DatasetVersion v) {
      return of(v, v.columns().stream().map(ColumnProfile::withoutDistributions).toList());
    }

    private static VersionView of(DatasetVersion v, List<ColumnProfile> columns) {
      return new VersionView(
          v.datasetId(),
          v.version(),
          v.contentHash(),
          v.rowCount(),
          v.sizeBytes(),
          v.format(),
          v.location(),
          v.qualityStatus().name(),
          v.qualityReason(),
          columns,
          v.createdBy(),
          v.createdAt(),
          v.tags(),
          v.rulesetVersion(),
          v.qualityResults(),
          v.schemaChange());
    }
  }

  record ProfileView(
      UUID datasetId, int version, String format, long rowCount, List<ColumnProfile> columns) {

    static ProfileView of(DatasetVersion v) {
      return new ProfileView(v.datasetId(), v.version(), v.format(), v.rowCount(), v.columns());
    }
  }

  record PageView<T>(List<T> items, int page, int size, long total) {

    static <T> PageView<T> of(Page<T> page) {
      return new PageView<>(page.items(), page.page(), page.size(), page.total());
    }
  }
}
