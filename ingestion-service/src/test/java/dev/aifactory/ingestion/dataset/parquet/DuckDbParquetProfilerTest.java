package dev.aifactory.ingestion.dataset.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.TableProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbParquetProfilerTest {

  @TempDir Path dir;
  private final DuckDbParquetProfiler profiler = new DuckDbParquetProfiler(10_000, "64MB");

  /** Writes a Parquet file with DuckDB, the library the profiler reads it with. */
  static Path parquet(Path file, String select) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute(
          "COPY ("
              + select
              + ") TO '"
              + file.toAbsolutePath().toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
    }
    return file;
  }

  @Test
  void profilesAParquetFileColumnByColumn() throws Exception {
    Path file =
        parquet(
            dir.resolve("d.parquet"),
            "SELECT i AS id, i * 1.5 AS amount, CASE WHEN i % 3 = 0 THEN 'pro' ELSE 'free' END AS"
                + " plan, CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS sparse"
                + " FROM range(1, 101) t(i)");

    TableProfile p = profiler.profile(file);

    assertThat(p.rowCount()).isEqualTo(100);
    assertThat(p.columns())
        .extracting(ColumnProfile::name)
        .containsExactly("id", "amount", "plan", "sparse");
    ColumnProfile amount = p.column("amount").orElseThrow();
    assertThat(amount.type()).isEqualTo("numeric");
    assertThat(amount.min()).isEqualTo(1.5);
    assertThat(amount.max()).isEqualTo(150.0);
    assertThat(amount.mean()).isEqualTo(75.75);
    ColumnProfile plan = p.column("plan").orElseThrow();
    assertThat(plan.type()).isEqualTo("categorical");
    assertThat(plan.topValues())
        .containsExactly(
            new ColumnProfile.ValueCount("free", 67), new ColumnProfile.ValueCount("pro", 33));
    assertThat(p.column("sparse").orElseThrow().nulls()).isEqualTo(10);
    assertThat(p.column("sparse").orElseThrow().nullable()).isTrue();
  }

  @Test
  void marksRequiredFieldsAsNotNullable() throws Exception {
    Path file = dir.resolve("required.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER NOT NULL, note VARCHAR)");
      s.execute("INSERT INTO t VALUES (1, 'a'), (2, NULL)");
      s.execute("COPY t TO '" + file.toAbsolutePath() + "' (FORMAT PARQUET)");
    }

    TableProfile p = profiler.profile(file);

    assertThat(p.column("id").orElseThrow().required()).isTrue();
    assertThat(p.column("note").orElseThrow().required()).isFalse();
  }

  @Test
  void rejectsAFileThatIsNotParquet() throws Exception {
    Path file = Files.writeString(dir.resolve("fake.parquet"), "a,b\n1,2\n");

    assertThatThrownBy(() -> profiler.profile(file))
        .isInstanceOf(InvalidContent.class)
        .hasMessageStartingWith("The file is not a readable Parquet file");
  }

  @Test
  void rejectsATruncatedParquetFile() throws Exception {
    Path whole = parquet(dir.resolve("whole.parquet"), "SELECT i FROM range(1000) t(i)");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut =
        Files.write(dir.resolve("cut.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> profiler.profile(cut)).isInstanceOf(InvalidContent.class);
  }
}
