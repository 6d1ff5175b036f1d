package dev.aifactory.training.run.local;

import dev.aifactory.training.run.TrainingFailure;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A CSV file with a header row, read whole into memory as strings; missing cells are null. */
record CsvTable(List<String> header, List<String[]> rows) {

  private static final Set<String> MISSING = Set.of("", "na", "n/a", "null", "nan", "none");

  static CsvTable read(String location) {
    Path path = localPath(location);
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(reader);
    } catch (NoSuchFileException e) {
      throw new TrainingFailure("dataset file " + path + " does not exist");
    } catch (IOException | RuntimeException e) {
      throw new TrainingFailure("dataset file " + path + " is not readable CSV: " + e.getMessage());
    }
  }

  /** Parses CSV with a header row from {@code reader} (not closed here). */
  static CsvTable parse(Reader reader) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(reader, format)) {
      List<String> header = List.copyOf(parser.getHeaderNames());
      List<String[]> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        String[] row = new String[header.size()];
        for (int i = 0; i < header.size() && i < record.size(); i++) {
          String cell = record.get(i);
          row[i] = MISSING.contains(cell.toLowerCase(Locale.ROOT)) ? null : cell;
        }
        rows.add(row);
      }
      return new CsvTable(header, rows);
    }
  }

  int column(String name) {
    return header.indexOf(name);
  }

  private static Path localPath(String location) {
    if (location == null || location.isBlank()) {
      throw new TrainingFailure("the dataset version has no location");
    }
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new TrainingFailure("dataset location '" + location + "' is not a URI");
    }
    if (!"file".equals(uri.getScheme())) {
      throw new TrainingFailure(
          "the local launcher reads file:/// locations only, not '" + location + "'");
    }
    return Path.of(uri);
  }
}
