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
      Instant createdAt) {}

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

  public DatasetVersion version(String token, String id, int version) {
    return client.get(
        token, DatasetVersion.class, "/api/v1/datasets/{id}/versions/{version}", id, version);
  }
}
