package dev.aifactory.ingestion.dataset;

import java.nio.file.Path;

/**
 * Reads a staged dataset file of one format and profiles it in one streaming pass, rejecting
 * content that is not a valid table.
 */
public interface Profiler {

  /** The format this profiler reads: {@code csv}, {@code jsonl} or {@code parquet}. */
  String format();

  /**
   * @throws InvalidContent if the file is not a well-formed table with a header and data rows
   */
  default TableProfile profile(Path file) {
    return profile(file, ValueObserver.NONE);
  }

  /**
   * Profiles the file, showing every non-null value of the columns {@code observer} wants to it
   * during the same pass.
   *
   * @throws InvalidContent if the file is not a well-formed table with a header and data rows
   */
  TableProfile profile(Path file, ValueObserver observer);
}
