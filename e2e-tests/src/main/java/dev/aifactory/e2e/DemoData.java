package dev.aifactory.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The demo's data: a CSV with a header, split into a training part and a holdout, and a drifted
 * copy of both (numeric features shifted by two standard deviations).
 */
final class DemoData {

  static final String BUILT_IN = "/demo/customer-churn.csv";
  static final String BUILT_IN_TARGET = "churned";

  final List<String> header;
  final String target;
  final int targetIndex;
  final String objective;
  final List<List<String>> train;
  final List<List<String>> holdout;

  /** Feature columns (all but the target) in file order. */
  final List<String> features;

  final Set<Integer> numericColumns = new HashSet<>();
  private final double[] shift;

  private DemoData(List<String> header, List<List<String>> rows, String target, long seed) {
    this.header = header;
    this.target = target;
    this.targetIndex = header.indexOf(target);
    if (targetIndex < 0) {
      throw new IllegalArgumentException(
          "Target column '"
              + target
              + "' is not in the header "
              + header
              + "; pass --target COLUMN");
    }
    if (rows.size() < 200) {
      throw new IllegalArgumentException(
          "The CSV has " + rows.size() + " data rows; the demo needs at least 200");
    }
    List<String> f = new ArrayList<>(header);
    f.remove(target);
    this.features = List.copyOf(f);
    for (int c = 0; c < header.size(); c++) {
      final int col = c;
      if (rows.stream().allMatch(r -> r.get(col).isEmpty() || isNumber(r.get(col)))) {
        numericColumns.add(c);
      }
    }
    if (!numericColumns.contains(targetIndex)) {
      throw new IllegalArgumentException(
          "Target column '"
              + target
              + "' must be numeric: 0/1 for classification or a number for regression");
    }
    Set<String> targetValues = new HashSet<>();
    rows.forEach(r -> targetValues.add(r.get(targetIndex)));
    boolean binary =
        targetValues.stream()
            .allMatch(v -> v.isEmpty() || Double.parseDouble(v) == 0 || Double.parseDouble(v) == 1);
    this.objective = binary ? "binary" : "regression";

    List<List<String>> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(seed));
    int cut = (int) Math.round(shuffled.size() * 0.75);
    this.train = shuffled.subList(0, cut);
    this.holdout = shuffled.subList(cut, shuffled.size());

    this.shift = new double[header.size()];
    for (int c : numericColumns) {
      if (c == targetIndex) continue;
      double sum = 0, sq = 0;
      int n = 0;
      for (List<String> r : train) {
        if (r.get(c).isEmpty()) continue;
        double v = Double.parseDouble(r.get(c));
        sum += v;
        sq += v * v;
        n++;
      }
      double mean = sum / Math.max(1, n);
      double std = Math.sqrt(Math.max(0, sq / Math.max(1, n) - mean * mean));
      shift[c] = 2 * (std > 0 ? std : 1);
    }
  }

  static DemoData builtIn(long seed) {
    try (InputStream in = DemoData.class.getResourceAsStream(BUILT_IN)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN_TARGET, seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DemoData fromFile(Path file, String target, long seed) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), target, seed);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DemoData parse(String csv, String target, long seed) throws IOException {
    if (csv.startsWith("\uFEFF")) csv = csv.substring(1);
    try (Reader reader = new java.io.StringReader(csv);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      List<String> header = parser.getHeaderNames();
      List<List<String>> rows = new ArrayList<>();
      for (CSVRecord r : parser) {
        List<String> row = new ArrayList<>();
        r.forEach(v -> row.add(v.trim()));
        rows.add(row);
      }
      return new DemoData(header, rows, target, seed);
    }
  }

  boolean hasNumericFeatures() {
    return numericColumns.stream().anyMatch(c -> c != targetIndex);
  }

  /** The row with numeric features shifted; the target is left alone. */
  List<String> driftedRow(List<String> row) {
    List<String> out = new ArrayList<>(row);
    for (int c : numericColumns) {
      if (c == targetIndex || row.get(c).isEmpty()) continue;
      double v = Double.parseDouble(row.get(c)) + shift[c];
      out.set(c, Double.toString(Math.round(v * 1e6) / 1e6));
    }
    return out;
  }

  List<List<String>> drifted(List<List<String>> rows) {
    return rows.stream().map(this::driftedRow).toList();
  }

  byte[] toCsv(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(header);
      for (List<String> r : rows) printer.printRecord(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  double label(List<String> row) {
    return Double.parseDouble(row.get(targetIndex));
  }

  private static boolean isNumber(String s) {
    try {
      double d = Double.parseDouble(s);
      return !Double.isNaN(d) && !Double.isInfinite(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
