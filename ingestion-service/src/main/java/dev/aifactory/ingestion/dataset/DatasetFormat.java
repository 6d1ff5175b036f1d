package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats a version can have, and how the format of an upload is decided: the caller's {@code
 * format} if given, else the file name's extension, else the content (Parquet's {@code PAR1} magic,
 * a first character {@code '{'} for JSON Lines, CSV otherwise).
 */
public enum DatasetFormat {
  CSV("csv", ".csv"),
  JSONL("jsonl", ".jsonl", ".ndjson"),
  PARQUET("parquet", ".parquet");

  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

  private final String id;
  private final String[] extensions;

  DatasetFormat(String id, String... extensions) {
    this.id = id;
    this.extensions = extensions;
  }

  public String id() {
    return id;
  }

  /**
   * @throws ApiException 400 on {@code format} if {@code requested} names no known format
   */
  public static Optional<DatasetFormat> requested(String requested) {
    if (requested == null || requested.isBlank()) {
      return Optional.empty();
    }
    String wanted = requested.strip().toLowerCase(Locale.ROOT);
    return Optional.of(
        Arrays.stream(values())
            .filter(f -> f.id.equals(wanted) || ("ndjson".equals(wanted) && f == JSONL))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "format",
                        "'"
                            + requested
                            + "' is not a supported format; use csv, jsonl or parquet")));
  }

  public static Optional<DatasetFormat> byFileName(String fileName) {
    if (fileName == null) {
      return Optional.empty();
    }
    String lower = fileName.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(f -> Arrays.stream(f.extensions).anyMatch(lower::endsWith))
        .findFirst();
  }

  public static DatasetFormat sniff(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(64);
      if (head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), PARQUET_MAGIC)) {
        return PARQUET;
      }
      int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb ? 3 : 0;
      while (i < head.length && Character.isWhitespace(head[i])) {
        i++;
      }
      return i < head.length && head[i] == '{' ? JSONL : CSV;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
