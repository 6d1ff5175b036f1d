package dev.aifactory.ingestion.dataset;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where dataset files live. Content is first staged locally (streamed, hashed, size-limited) so it
 * can be profiled, then stored under its content hash, or discarded.
 */
public interface BlobStore {

  /** A staged local copy of uploaded content. */
  record Staged(Path file, String sha256, long size) {}

  /**
   * Streams {@code content} to a local staging file while hashing it.
   *
   * @throws ContentTooLarge if more than {@code maxBytes} arrive (nothing is left behind)
   */
  Staged stage(InputStream content, long maxBytes);

  /** Stores staged content as {@code <datasetId>/<sha256>.<format>}; returns its location URI. */
  String store(UUID datasetId, Staged staged, String format);

  /**
   * Opens a remote source ({@code s3://bucket/key}) for staging; the caller closes the stream.
   * Stores that read no remote sources refuse with a 400 naming {@code path}.
   *
   * @throws ContentTooLarge if the source is known to be larger than {@code maxBytes}, before any
   *     of it is read
   */
  InputStream open(String uri, long maxBytes);

  /** Removes a staging file if it is still there. */
  void discard(Staged staged);

  /** Removes stored content (used when registering its version failed). */
  void delete(String location);
}
