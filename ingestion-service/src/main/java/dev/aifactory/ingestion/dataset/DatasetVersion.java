package dev.aifactory.ingestion.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One immutable, content-addressed version of a dataset with its profile and quality verdict. */
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
    Instant createdAt) {}
