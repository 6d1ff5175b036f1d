package dev.aifactory.ingestion.dataset;

import java.nio.file.Path;

/** Reads a staged dataset file and profiles it, rejecting content that is not a valid table. */
public interface Profiler {

  /**
   * @throws InvalidContent if the file is not a well-formed table with a header and data rows
   */
  TableProfile profile(Path file);
}
