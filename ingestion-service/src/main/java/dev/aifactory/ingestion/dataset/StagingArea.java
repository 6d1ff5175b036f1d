package dev.aifactory.ingestion.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The local directory where content is streamed, hashed and size-checked before it is profiled and
 * stored; shared by every {@link BlobStore}, since profiling reads a local file.
 */
public final class StagingArea {

  private final Path directory;

  public StagingArea(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /**
   * @throws ContentTooLarge if more than {@code maxBytes} arrive (nothing is left behind)
   */
  public BlobStore.Staged stage(InputStream content, long maxBytes) {
    Path file = null;
    try {
      Files.createDirectories(directory);
      file = Files.createTempFile(directory, "upload-", ".part");
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
      return new BlobStore.Staged(file, HexFormat.of().formatHex(sha256.digest()), size);
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

  public void discard(BlobStore.Staged staged) {
    deleteQuietly(staged.file());
  }

  static void deleteQuietly(Path file) {
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
