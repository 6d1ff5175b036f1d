package dev.aifactory.ingestion.dataset.local;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.BlobStore;
import dev.aifactory.ingestion.dataset.StagingArea;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Dataset files on the local file system: {@code <data-dir>/datasets/<datasetId>/<sha256>.csv},
 * staged in {@code <data-dir>/tmp} (same file system, so storing is an atomic rename).
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.ingestion.blob-store",
    havingValue = "local",
    matchIfMissing = true)
class FileSystemBlobStore implements BlobStore {

  private final Path datasets;
  private final StagingArea staging;

  FileSystemBlobStore(IngestionProperties properties) {
    Path root = properties.dataDir().toAbsolutePath().normalize();
    this.datasets = root.resolve("datasets");
    this.staging = new StagingArea(root.resolve("tmp"));
  }

  @Override
  public Staged stage(InputStream content, long maxBytes) {
    return staging.stage(content, maxBytes);
  }

  @Override
  public String store(UUID datasetId, Staged staged, String format) {
    try {
      Path directory = Files.createDirectories(datasets.resolve(datasetId.toString()));
      Path target = directory.resolve(staged.sha256() + "." + format);
      if (!Files.exists(target)) {
        try {
          Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staged.file(), target);
        } catch (FileAlreadyExistsException e) {
          // The same bytes were stored concurrently: content-addressed, so nothing to do.
        }
      }
      return target.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not store the dataset file", e);
    }
  }

  @Override
  public InputStream open(String uri, long maxBytes) {
    throw ApiException.badRequest(
        "path",
        "'"
            + uri
            + "' is an S3 URI, but this ingestion service runs in local mode; upload the file,"
            + " give a local path, or run with the aws profile (aifactory.ingestion.blob-store=aws)");
  }

  @Override
  public void discard(Staged staged) {
    staging.discard(staged);
  }

  @Override
  public void delete(String location) {
    Path file = Path.of(URI.create(location));
    if (file.startsWith(datasets)) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // An orphaned content-addressed file is harmless: the same bytes map to the same name.
      }
    }
  }
}
