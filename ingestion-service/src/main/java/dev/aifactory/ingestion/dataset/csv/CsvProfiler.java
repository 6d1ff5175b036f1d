package dev.aifactory.ingestion.dataset.csv;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.Profiler;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Profiles a CSV file (RFC 4180 quoting, header row, optional UTF-8 BOM) in two streaming passes,
 * so memory stays bounded by the column count and the distinct-value cap, never by the file size.
 * Pass 1 infers types and computes counts, nulls, min/max, mean and standard deviation (Welford)
 * and distinct values; pass 2 builds equal-width histograms and top values, which need pass-1
 * results.
 */
@Component
class CsvProfiler implements Profiler {

  static final int BINS = 10;
  static final int TOP_VALUES = 10;

  // Plain decimal notation only: Double.parseDouble would also accept "NaN", "Infinity", "1d", hex.
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  // DEFAULT is RFC 4180 quoting but tolerates LF line ends and skips blank lines.
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

  private final int distinctCap;

  @Autowired
  CsvProfiler(IngestionProperties properties) {
    this(properties.distinctCap());
  }

  CsvProfiler(int distinctCap) {
    this.distinctCap = distinctCap;
  }

  @Override
  public TableProfile profile(Path file, ValueObserver observer) {
    List<String> header = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    long rows =
        read(file, header, (record, line) -> firstPass(header, columns, record, line, observer));
    if (header.isEmpty()) {
      throw new InvalidContent("The file has no header row");
    }
    checkHeader(header);
    if (rows == 0) {
      throw new InvalidContent(
          "The file has a header row but no data rows; a version needs at least one row");
    }
    read(
        file,
        new ArrayList<>(),
        (record, line) -> {
          for (int i = 0; i < columns.size(); i++) {
            columns.get(i).second(record.get(i));
          }
        });
    return new TableProfile(rows, columns.stream().map(c -> c.profile(rows)).toList());
  }

  private void firstPass(
      List<String> header,
      List<Column> columns,
      CSVRecord record,
      long line,
      ValueObserver observer) {
    if (columns.isEmpty()) {
      checkHeader(header);
      header.forEach(name -> columns.add(new Column(name, distinctCap, observer)));
    }
    if (record.size() != columns.size()) {
      throw new InvalidContent(
          "Line "
              + line
              + " has "
              + record.size()
              + " values but the header has "
              + columns.size()
              + " columns");
    }
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).first(record.get(i));
    }
  }

  private static void checkHeader(List<String> header) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (name.isBlank()) {
        throw new InvalidContent("Header column " + (i + 1) + " has a blank name");
      }
      if (!seen.add(name)) {
        throw new InvalidContent("Header column name '" + name + "' appears more than once");
      }
    }
  }

  /**
   * Streams the records after the header (collected into {@code header}) to {@code onRecord} with
   * the line each record starts on; returns the number of data records.
   */
  private static long read(Path file, List<String> header, BiConsumer<CSVRecord, Long> onRecord) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      skipByteOrderMark(reader);
      try (CSVParser parser = FORMAT.parse(reader)) {
        Iterator<CSVRecord> records = parser.iterator();
        long count = 0;
        boolean first = true;
        while (true) {
          long line = parser.getCurrentLineNumber() + 1;
          if (!records.hasNext()) {
            return count;
          }
          CSVRecord record = records.next();
          if (first) {
            record.forEach(header::add);
            first = false;
            continue;
          }
          onRecord.accept(record, line);
          count++;
        }
      }
    } catch (UncheckedIOException e) {
      throw new InvalidContent("The file is not valid CSV: " + message(e.getCause()));
    } catch (IOException e) {
      throw new InvalidContent("The file is not valid CSV: " + message(e));
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void skipByteOrderMark(BufferedReader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }

  static boolean isNull(String value) {
    return value == null || value.isBlank();
  }

  static boolean isNumber(String value) {
    return NUMBER.matcher(value.strip()).matches();
  }

  /** Running statistics of one column over both passes. */
  private static final class Column {
    private final String name;
    private final int distinctCap;
    private long count;
    private long nulls;
    private boolean numeric = true;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private final Set<String> distinct = new HashSet<>();
    private boolean distinctCapped;
    private long[] histogram;
    private final Map<String, Long> frequencies = new HashMap<>();
    private final ValueObserver observer;

    Column(String name, int distinctCap, ValueObserver observer) {
      this.name = name;
      this.distinctCap = distinctCap;
      this.observer = observer.wants(name) ? observer : null;
    }

    void first(String raw) {
      if (isNull(raw)) {
        nulls++;
        return;
      }
      count++;
      String value = raw.strip();
      if (observer != null) {
        observer.value(name, value);
      }
      if (distinct.size() < distinctCap) {
        distinct.add(value);
      } else if (!distinct.contains(value)) {
        distinctCapped = true;
      }
      if (numeric) {
        if (isNumber(value)) {
          double x = Double.parseDouble(value);
          min = Math.min(min, x);
          max = Math.max(max, x);
          double delta = x - mean;
          mean += delta / count;
          m2 += delta * (x - mean);
        } else {
          numeric = false;
        }
      }
    }

    void second(String raw) {
      if (isNull(raw)) {
        return;
      }
      String value = raw.strip();
      if (numeric) {
        if (histogram == null) {
          histogram = new long[BINS];
        }
        histogram[bin(Double.parseDouble(value))]++;
      } else if (frequencies.containsKey(value) || frequencies.size() < distinctCap) {
        // Beyond the cap only already-seen values are counted: top values become approximate.
        frequencies.merge(value, 1L, Long::sum);
      }
    }

    private int bin(double x) {
      double width = (max - min) / BINS;
      if (width == 0) {
        return 0;
      }
      return Math.max(0, Math.min(BINS - 1, (int) ((x - min) / width)));
    }

    ColumnProfile profile(long rows) {
      if (!numeric) {
        List<ColumnProfile.ValueCount> top =
            frequencies.entrySet().stream()
                .sorted(
                    Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_VALUES)
                .map(e -> new ColumnProfile.ValueCount(e.getKey(), e.getValue()))
                .toList();
        return new ColumnProfile(
            name,
            ColumnSchema.CATEGORICAL,
            count,
            nulls,
            distinct.size(),
            distinctCapped,
            null,
            null,
            null,
            null,
            null,
            top);
      }
      if (count == 0) {
        return new ColumnProfile(
            name,
            ColumnSchema.NUMERIC,
            0,
            nulls,
            0,
            false,
            null,
            null,
            null,
            null,
            List.of(),
            null);
      }
      return new ColumnProfile(
          name,
          ColumnSchema.NUMERIC,
          count,
          nulls,
          distinct.size(),
          distinctCapped,
          min,
          max,
          mean,
          count > 1 ? Math.sqrt(m2 / (count - 1)) : 0.0,
          bins(),
          null);
    }

    /** Equal-width bins over [min, max]; a constant column gets one zero-width bin. */
    private List<ColumnProfile.Bin> bins() {
      if (max == min) {
        return List.of(new ColumnProfile.Bin(min, max, histogram[0]));
      }
      double width = (max - min) / BINS;
      List<ColumnProfile.Bin> bins = new ArrayList<>(BINS);
      for (int i = 0; i < BINS; i++) {
        double upper = i == BINS - 1 ? max : min + (i + 1) * width;
        bins.add(new ColumnProfile.Bin(min + i * width, upper, histogram[i]));
      }
      return bins;
    }
  }
}
