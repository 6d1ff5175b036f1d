package dev.aifactory.ingestion.dataset.parquet;

import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.Profiler;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import dev.aifactory.ingestion.dataset.profile.ColumnAccumulator;
import dev.aifactory.ingestion.dataset.profile.Headers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Profiles a Parquet file through an in-process DuckDB (ADR 0015) in one streaming pass: the result
 * set is streamed in vectors (DuckDB's {@code jdbc_stream_results}), never materialized, and DuckDB
 * itself runs with one thread and a memory limit. Cells reach the same {@link ColumnAccumulator}s
 * as CSV cells, as DuckDB renders them as text, so the type inference is the same for every format.
 * A top-level field declared {@code REQUIRED} is a non-nullable column.
 */
@Component
class DuckDbParquetProfiler implements Profiler {

  private final int distinctCap;
  private final String memoryLimit;

  @Autowired
  DuckDbParquetProfiler(IngestionProperties properties) {
    this(properties.distinctCap(), "256MB");
  }

  DuckDbParquetProfiler(int distinctCap, String memoryLimit) {
    this.distinctCap = distinctCap;
    this.memoryLimit = memoryLimit;
  }

  @Override
  public String format() {
    return "parquet";
  }

  @Override
  public TableProfile profile(Path file, ValueObserver observer) {
    String source = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    Properties settings = new Properties();
    settings.setProperty("jdbc_stream_results", "true");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:", settings);
        Statement statement = db.createStatement()) {
      statement.execute("SET threads = 1");
      statement.execute("SET memory_limit = '" + memoryLimit + "'");
      // Nothing but the staged file is read: no extension downloads, no other files.
      statement.execute("SET autoinstall_known_extensions = false");
      Map<String, Boolean> nullable = nullability(statement, source);
      List<ColumnAccumulator> columns = new ArrayList<>();
      long rows = 0;
      try (ResultSet rs = statement.executeQuery("SELECT * FROM read_parquet(" + source + ")")) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          names.add(meta.getColumnLabel(i));
        }
        Headers.check(names);
        for (String name : names) {
          columns.add(
              new ColumnAccumulator(name, distinctCap, observer)
                  .nullable(nullable.getOrDefault(name, true)));
        }
        while (rs.next()) {
          for (int i = 0; i < columns.size(); i++) {
            columns.get(i).add(rs.getString(i + 1));
          }
          rows++;
        }
      }
      if (columns.isEmpty()) {
        throw new InvalidContent("The Parquet file has no columns");
      }
      if (rows == 0) {
        throw new InvalidContent("The Parquet file has no rows; a version needs at least one row");
      }
      return new TableProfile(rows, columns.stream().map(ColumnAccumulator::profile).toList());
    } catch (SQLException e) {
      throw new InvalidContent("The file is not a readable Parquet file: " + firstLine(e));
    }
  }

  /** Top-level fields' repetition: REQUIRED ones are not nullable. */
  private static Map<String, Boolean> nullability(Statement statement, String source)
      throws SQLException {
    Map<String, Boolean> nullable = new HashMap<>();
    // The first row is the schema root; its direct children are the columns. Nested fields'
    // children follow their parent, so walk the tree by child counts.
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT name, repetition_type, num_children FROM parquet_schema(" + source + ")")) {
      if (!rs.next()) {
        return nullable;
      }
      long topLevel = rs.getLong("num_children");
      long skip = 0;
      while (rs.next() && topLevel > 0) {
        long children = rs.getLong("num_children");
        if (skip > 0) {
          skip += children - 1;
          continue;
        }
        nullable.put(rs.getString("name"), !"REQUIRED".equals(rs.getString("repetition_type")));
        skip = children;
        topLevel--;
      }
    }
    return nullable;
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
