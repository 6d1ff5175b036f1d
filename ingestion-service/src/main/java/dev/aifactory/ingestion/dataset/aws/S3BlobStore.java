package dev.aifactory.ingestion.dataset.aws;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.BlobStore;
import dev.aifactory.ingestion.dataset.ContentTooLarge;
import dev.aifactory.ingestion.dataset.StagingArea;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Dataset files in S3 at {@code s3://<bucket>/<prefix>datasets/<datasetId>/<sha256>/data.<format>}:
 * a folder per version, so a catalog table version can point at exactly one version's data. Content
 * is staged locally (profiling reads it twice), then uploaded in one PUT or, above the part size,
 * as a multipart upload read part by part from the staged file (never whole in memory). Sources
 * ({@code s3://bucket/key}) are streamed with GetObject straight into staging.
 */
@Component
@ConditionalOnProperty(name = "aifactory.ingestion.blob-store", havingValue = "aws")
class S3BlobStore implements BlobStore, AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final long partSize;
  private final StagingArea staging;

  @Autowired
  S3BlobStore(AwsClientConfigurer aws, IngestionProperties properties) {
    this(
        aws.configure(S3Client.builder())
            // Endpoint overrides (emulators, VPC endpoints) need path-style addressing.
            .forcePathStyle(aws.properties().endpoint() != null)
            .build(),
        properties.s3Bucket(),
        properties.s3Prefix(),
        properties.s3PartSize().toBytes(),
        new StagingArea(properties.dataDir().toAbsolutePath().normalize().resolve("tmp")));
  }

  S3BlobStore(S3Client s3, String bucket, String prefix, long partSize, StagingArea staging) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalStateException(
          "aifactory.ingestion.s3-bucket must name the dataset bucket when blob-store is aws");
    }
    if (partSize < 5 * 1024 * 1024) {
      throw new IllegalStateException("S3 multipart parts are at least 5 MiB, not " + partSize);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix;
    this.partSize = partSize;
    this.staging = staging;
  }

  @Override
  public Staged stage(InputStream content, long maxBytes) {
    return staging.stage(content, maxBytes);
  }

  @Override
  public String store(UUID datasetId, Staged staged, String format) {
    String key = prefix + "datasets/" + datasetId + "/" + staged.sha256() + "/data." + format;
    try {
      if (!exists(key)) {
        if (staged.size() > partSize) {
          multipart(key, staged, contentType(format));
        } else {
          s3.putObject(
              b -> b.bucket(bucket).key(key).contentType(contentType(format)),
              RequestBody.fromFile(staged.file()));
        }
      }
    } catch (SdkException e) {
      throw new IllegalStateException("Could not store the dataset file in s3://" + bucket, e);
    }
    return "s3://" + bucket + "/" + key;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Uploads the staged file in parts of {@code partSize}; aborts the upload on any failure. */
  static String contentType(String format) {
    return switch (format) {
      case "jsonl" -> "application/x-ndjson";
      case "parquet" -> "application/vnd.apache.parquet";
      default -> "text/csv";
    };
  }

  private void multipart(String key, Staged staged, String contentType) {
    String uploadId =
        s3.createMultipartUpload(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32))
            .uploadId();
    try (FileChannel file = FileChannel.open(staged.file(), StandardOpenOption.READ)) {
      List<CompletedPart> parts = new ArrayList<>();
      ByteBuffer buffer = ByteBuffer.allocate((int) partSize);
      int number = 1;
      while (true) {
        buffer.clear();
        while (buffer.hasRemaining() && file.read(buffer) != -1) {
          // Fill the part; the last one may be shorter.
        }
        buffer.flip();
        if (!buffer.hasRemaining()) {
          break;
        }
        int partNumber = number++;
        // One checksum algorithm for the upload, every part and the completion, as S3 requires.
        UploadPartResponse part =
            s3.uploadPart(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                RequestBody.fromByteBuffer(buffer));
        parts.add(
            CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(part.eTag())
                .checksumCRC32(part.checksumCRC32())
                .build());
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not read the staged file", io);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public InputStream open(String uri, long maxBytes) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("path", "'" + uri + "' is not a valid s3://bucket/key URI");
    }
    String sourceBucket = parsed.getHost();
    String key = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
    if (sourceBucket == null || key.isEmpty()) {
      throw ApiException.badRequest("path", "'" + uri + "' is not a valid s3://bucket/key URI");
    }
    try {
      // HeadObject first: an object over the limit is refused before a byte of it is read.
      Long length = s3.headObject(b -> b.bucket(sourceBucket).key(key)).contentLength();
      if (length != null && length > maxBytes) {
        throw new ContentTooLarge(
            "The object '"
                + uri
                + "' has "
                + length
                + " bytes, more than the maximum of "
                + maxBytes
                + " bytes");
      }
      return s3.getObject(b -> b.bucket(sourceBucket).key(key));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw ApiException.badRequest("path", "No object exists at '" + uri + "'");
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw ApiException.badRequest(
            "path", "The ingestion service may not read '" + uri + "' (access denied)");
      }
      if (e.statusCode() == 404) {
        // HeadObject has no body, so a missing key is a bare 404 rather than NoSuchKey.
        throw ApiException.badRequest("path", "No object exists at '" + uri + "'");
      }
      throw e;
    }
  }

  @Override
  public void discard(Staged staged) {
    staging.discard(staged);
  }

  @Override
  public void delete(String location) {
    String ours = "s3://" + bucket + "/" + prefix + "datasets/";
    if (location.startsWith(ours)) {
      String key = location.substring(("s3://" + bucket + "/").length());
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
