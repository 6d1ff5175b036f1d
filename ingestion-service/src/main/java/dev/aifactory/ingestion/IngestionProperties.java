package dev.aifactory.ingestion;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ingestion settings.
 *
 * @param dataDir shared local data directory; datasets live under {@code datasets/}
 * @param importRoots directories from which server-side files may be imported by path
 * @param maxFileSize largest accepted dataset file, for uploads and path imports alike
 * @param distinctCap distinct values counted exactly per column; beyond it counts are lower bounds
 * @param uniqueCap distinct values tracked exactly (as 64-bit hashes) per column with a uniqueness
 *     rule; beyond it uniqueness results are reported as approximate
 * @param piiSampleSize values sampled per column (reservoir sampling) for PII detection
 * @param profileThreads threads computing column statistics while another parses a CSV file (the
 *     columns are split among them); 1 suits a 2-core machine
 * @param piiMinConfidence share of sampled values that must match a detector to tag the column
 * @param catalog the data catalog adapter: {@code local} (PostgreSQL) or {@code aws} (Glue)
 * @param glueDatabasePrefix Glue database name prefix; the team name follows it
 * @param blobStore where dataset files are stored: {@code local} (file system) or {@code aws} (S3)
 * @param s3Bucket the dataset bucket in AWS mode
 * @param s3Prefix key prefix inside the bucket (empty or ending in '/')
 * @param s3PartSize files above this size are uploaded in parts of this size (at least 5MB)
 * @param grants the data access grants adapter: {@code local} (PostgreSQL) or {@code aws} (Lake
 *     Formation)
 */
@ConfigurationProperties("aifactory.ingestion")
public record IngestionProperties(
    Path dataDir,
    List<Path> importRoots,
    @DefaultValue("512MB") DataSize maxFileSize,
    @DefaultValue("10000") int distinctCap,
    @DefaultValue("1000000") int uniqueCap,
    @DefaultValue("1000") int piiSampleSize,
    @DefaultValue("1") int profileThreads,
    @DefaultValue("0.8") double piiMinConfidence,
    @DefaultValue("local") String catalog,
    @DefaultValue("aifactory_") String glueDatabasePrefix,
    @DefaultValue("local") String blobStore,
    String s3Bucket,
    @DefaultValue("") String s3Prefix,
    @DefaultValue("16MB") DataSize s3PartSize,
    @DefaultValue("local") String grants) {}
