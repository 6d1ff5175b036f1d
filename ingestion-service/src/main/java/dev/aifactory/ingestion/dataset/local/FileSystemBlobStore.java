package dev.aifactory.ingestion.dataset.local;

import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.BlobStore;
import dev.aifactory.ingestion.dataset.ContentTooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Dataset files on the local file system: {@code <data-dir>/datasets/<datasetId>/<sha256>.csv},
 * staged in {@code <data-dir>/tmp} (same file system, so storing is an atomic rename).
 */
@Component
class FileSystemBlobStore implements BlobStore {

  private final Path datasets;
  private final Path staging;

  FileSystemBlobStore(IngestionProperties properties) {
    Path root = properties.dataDir().toAbsolutePath().normalize();
    this.datasets = root.resolve("datasets");
    this.staging = root.resolve("tmp");
  }

  @Override
  public Staged stage(InputStream content, long maxBytes) {
    Path file = null;
    try {
      Files.createDirectories(staging);
      file = Files.createTempFile(staging, "upload-", ".part");
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = content.read(buffer)) != -1) {
          size += n;
          if (size > maxBytes) {
            throw new ContentTooLarge(
                "The file is larger than the maximum of " + maxBytes + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      return new Staged(file, HexFormat.of().formatHex(sha256.digest()), size);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Could not stage the uploaded content", io);
      }
      throw (RuntimeException) e;
    } catch (NoSuchAlgorithmException e) {
      deleteQuietly(file);
      throw new IllegalStateException("SHA-256 is not available", e);
    }
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
  public void discard(Staged staged) {
    deleteQuietly(staged.file());
  }

  @Override
  public void delete(String location) {
    Path file = Path.of(URI.create(location));
    if (file.startsWith(datasets)) {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Staging leftovers are harmless; the next cleanup of tmp removes them.
    }
  }
}
