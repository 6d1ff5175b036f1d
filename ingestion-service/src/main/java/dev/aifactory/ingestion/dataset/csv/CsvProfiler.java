package dev.aifactory.ingestion.dataset.csv;

import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.Profiler;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import dev.aifactory.ingestion.dataset.profile.ColumnAccumulator;
import dev.aifactory.ingestion.dataset.profile.ColumnWorkers;
import dev.aifactory.ingestion.dataset.profile.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Profiles a CSV file (RFC 4180 quoting, header row, optional UTF-8 BOM) in one streaming pass:
 * each column's {@link ColumnAccumulator} keeps sketches, never the column, so memory is bounded by
 * the column count and the distinct-value cap, not by the file size. The calling thread parses and
 * {@link ColumnWorkers} accumulate on {@code profileThreads} other threads, through bounded queues
 * of row batches.
 */
@Component
class CsvProfiler implements Profiler {

  // DEFAULT is RFC 4180 quoting but tolerates LF line ends and skips blank lines.
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

  private final int distinctCap;
  private final int threads;

  @Autowired
  CsvProfiler(IngestionProperties properties) {
    this(properties.distinctCap(), properties.profileThreads());
  }

  CsvProfiler(int distinctCap) {
    this(distinctCap, 1);
  }

  CsvProfiler(int distinctCap, int threads) {
    this.distinctCap = distinctCap;
    this.threads = threads;
  }

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public TableProfile profile(Path file, ValueObserver observer) {
    List<ColumnAccumulator> columns = new ArrayList<>();
    long rows = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      skipByteOrderMark(reader);
      try (CSVParser parser = FORMAT.parse(reader)) {
        Iterator<CSVRecord> records = parser.iterator();
        if (!records.hasNext()) {
          throw new InvalidContent("The file has no header row");
        }
        List<String> header = records.next().toList();
        Headers.check(header);
        header.forEach(name -> columns.add(new ColumnAccumulator(name, distinctCap, observer)));
        // This thread parses; the workers compute the column statistics meanwhile.
        try (ColumnWorkers workers = new ColumnWorkers(columns, threads)) {
          while (true) {
            long line = parser.getCurrentLineNumber() + 1;
            if (!records.hasNext()) {
              break;
            }
            String[] values = records.next().values();
            if (values.length != columns.size()) {
              throw new InvalidContent(
                  "Line "
                      + line
                      + " has "
                      + values.length
                      + " values but the header has "
                      + columns.size()
                      + " columns");
            }
            workers.add(values);
            rows++;
          }
          workers.finish();
        }
      }
    } catch (UncheckedIOException e) {
      throw new InvalidContent("The file is not valid CSV: " + message(e.getCause()));
    } catch (IOException e) {
      throw new InvalidContent("The file is not valid CSV: " + message(e));
    }
    if (rows == 0) {
      throw new InvalidContent(
          "The file has a header row but no data rows; a version needs at least one row");
    }
    return new TableProfile(rows, columns.stream().map(ColumnAccumulator::profile).toList());
  }

  private static String message(Throwable e) {
    if (e instanceof CharacterCodingException) {
      // The decoder's own message is only "Input length = 1".
      return "it is not UTF-8 text (" + e.getMessage() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void skipByteOrderMark(BufferedReader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }
}
