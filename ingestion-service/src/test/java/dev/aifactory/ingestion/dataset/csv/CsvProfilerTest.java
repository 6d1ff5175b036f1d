package dev.aifactory.ingestion.dataset.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.profile.ColumnAccumulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvProfilerTest {

  @TempDir Path dir;

  private final CsvProfiler profiler = new CsvProfiler(1000);

  private TableProfile profile(String csv) throws IOException {
    return profile(csv.getBytes(StandardCharsets.UTF_8));
  }

  private TableProfile profile(byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "t", ".csv");
    Files.write(file, bytes);
    return profiler.profile(file);
  }

  @Test
  void readsQuotedFieldsWithEmbeddedCommasNewlinesAndQuotes() throws IOException {
    TableProfile p =
        profile("id,comment\n1,\"hello, world\"\n2,\"two\nlines\"\n3,\"say \"\"hi\"\"\"\n");

    assertThat(p.rowCount()).isEqualTo(3);
    ColumnProfile comment = p.column("comment").orElseThrow();
    assertThat(comment.type()).isEqualTo("categorical");
    assertThat(comment.topValues())
        .extracting(ColumnProfile.ValueCount::value)
        .containsExactlyInAnyOrder("hello, world", "two\nlines", "say \"hi\"");
  }

  @Test
  void stripsAUtf8ByteOrderMarkFromTheFirstHeaderName() throws IOException {
    byte[] body = "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);

    TableProfile p = profile(withBom);

    assertThat(p.columns()).extracting(ColumnProfile::name).containsExactly("a", "b");
  }

  @Test
  void infersNumericOnlyWhenEveryNonEmptyValueIsANumber() throws IOException {
    TableProfile p = profile("x,y,z,w\n1,1,a,\n2.5,,b,\n-3e2,oops,c,\n");

    assertThat(p.column("x").orElseThrow().type()).isEqualTo("numeric");
    assertThat(p.column("y").orElseThrow().type()).isEqualTo("categorical");
    assertThat(p.column("z").orElseThrow().type()).isEqualTo("categorical");
    ColumnProfile empty = p.column("w").orElseThrow();
    assertThat(empty.type()).isEqualTo("numeric");
    assertThat(empty.nulls()).isEqualTo(3);
    assertThat(empty.count()).isZero();
    assertThat(empty.mean()).isNull();
  }

  @Test
  void treatsNanAndInfinityAsCategoricalText() throws IOException {
    TableProfile p = profile("x\nNaN\nInfinity\n");
    assertThat(p.column("x").orElseThrow().type()).isEqualTo("categorical");
  }

  @Test
  void computesCountsNullsMeanAndSampleStandardDeviation() throws IOException {
    TableProfile p = profile("x\n2\n4\n\n4\n4\n5\n5\n7\n9\n\"\"\n");

    ColumnProfile x = p.column("x").orElseThrow();
    assertThat(p.rowCount()).isEqualTo(9);
    assertThat(x.count()).isEqualTo(8);
    assertThat(x.nulls()).isEqualTo(1);
    assertThat(x.distinct()).isEqualTo(5);
    assertThat(x.min()).isEqualTo(2.0);
    assertThat(x.max()).isEqualTo(9.0);
    assertThat(x.mean()).isCloseTo(5.0, within(1e-12));
    assertThat(x.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
  }

  @Test
  void putsTheMaximumIntoTheLastHistogramBinAndCoversAllValues() throws IOException {
    StringBuilder csv = new StringBuilder("x\n");
    for (int i = 0; i <= 100; i++) {
      csv.append(i).append('\n');
    }
    ColumnProfile x = profile(csv.toString()).column("x").orElseThrow();

    assertThat(x.histogram()).hasSize(10);
    assertThat(x.histogram().get(0).lower()).isEqualTo(0.0);
    assertThat(x.histogram().get(0).upper()).isEqualTo(10.0);
    assertThat(x.histogram().get(0).count()).isEqualTo(10); // 0..9
    assertThat(x.histogram().get(9).upper()).isEqualTo(100.0);
    assertThat(x.histogram().get(9).count()).isEqualTo(11); // 90..100, max included
    assertThat(x.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum()).isEqualTo(101);
  }

  @Test
  void givesAConstantColumnASingleBin() throws IOException {
    ColumnProfile x = profile("x\n3\n3\n3\n").column("x").orElseThrow();
    assertThat(x.histogram()).containsExactly(new ColumnProfile.Bin(3, 3, 3));
    assertThat(x.std()).isZero();
  }

  @Test
  void ranksTopCategoricalValuesByCountThenValue() throws IOException {
    StringBuilder csv = new StringBuilder("c\n");
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j <= i; j++) {
        csv.append("v").append(i).append('\n');
      }
    }
    csv.append("a\nb\n");
    ColumnProfile c = profile(csv.toString()).column("c").orElseThrow();

    assertThat(c.topValues()).hasSize(10);
    assertThat(c.topValues().get(0)).isEqualTo(new ColumnProfile.ValueCount("v11", 12));
    assertThat(c.distinct()).isEqualTo(14);
    assertThat(c.histogram()).isNull();
  }

  @Test
  void estimatesDistinctCountsBeyondTheCapWithHyperLogLog() throws IOException {
    StringBuilder csv = new StringBuilder("id\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append("k").append(i).append('\n');
    }
    Path file = Files.writeString(dir.resolve("cap.csv"), csv);
    ColumnProfile id = new CsvProfiler(100).profile(file).column("id").orElseThrow();

    assertThat(id.distinctCapped()).isTrue();
    // 0.8% standard error: 5% is more than six standard errors.
    assertThat(id.distinct())
        .isCloseTo(20_000L, org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void keepsQuantilesBinEdgesAndCategoryFrequenciesInOnePass() throws IOException {
    StringBuilder csv = new StringBuilder("x,c\n");
    for (int i = 1; i <= 100; i++) {
      csv.append(i).append(',').append(i % 4 == 0 ? "rare" : "common").append('\n');
    }
    TableProfile p = profile(csv.toString());
    ColumnProfile x = p.column("x").orElseThrow();
    ColumnProfile c = p.column("c").orElseThrow();

    // Fewer values than the sketch keeps: exact.
    assertThat(x.quantiles())
        .contains(new ColumnProfile.Quantile(0.5, 50), new ColumnProfile.Quantile(0.99, 99));
    assertThat(x.binEdges()).hasSize(11).startsWith(1.0, 10.0, 20.0).endsWith(90.0, 100.0);
    assertThat(x.categoryFrequencies()).isNull();
    assertThat(c.categoryFrequencies())
        .containsExactly(
            new ColumnProfile.ValueCount("common", 75), new ColumnProfile.ValueCount("rare", 25));
    assertThat(c.quantiles()).isNull();
  }

  @Test
  void approximatesQuantilesOfALargeColumnWithinOnePercentOfRank() throws IOException {
    // A shuffled permutation of 0..199_999: the true q-quantile is q * 200_000.
    int n = 200_000;
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    java.util.Random random = new java.util.Random(7);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    StringBuilder csv = new StringBuilder("x\n");
    for (int v : values) {
      csv.append(v).append('\n');
    }
    ColumnProfile x = profile(csv.toString()).column("x").orElseThrow();

    for (ColumnProfile.Quantile q : x.quantiles()) {
      assertThat(q.value()).as("q%s", q.rank()).isCloseTo(q.rank() * n, within(0.02 * n));
    }
    assertThat(x.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum()).isEqualTo(n);
    for (ColumnProfile.Bin bin : x.histogram()) {
      assertThat(bin.count()).isCloseTo(n / 10, within((long) (0.04 * n)));
    }
  }

  @Test
  void keepsTheMostFrequentValuesWhenDistinctValuesExceedTheCap() throws IOException {
    StringBuilder csv = new StringBuilder("c\n");
    for (int i = 0; i < 5_000; i++) {
      csv.append(i % 2 == 0 ? "hot" : "v" + i).append('\n');
    }
    ColumnProfile c =
        new CsvProfiler(50)
            .profile(Files.writeString(dir.resolve("f.csv"), csv))
            .column("c")
            .orElseThrow();

    assertThat(c.distinctCapped()).isTrue();
    assertThat(c.topValues().get(0).value()).isEqualTo("hot");
    // Misra-Gries counts are lower bounds, short by at most n / capacity.
    assertThat(c.topValues().get(0).count()).isBetween(2_500L - 5_000 / 50, 2_500L);
  }

  @Test
  void rejectsARowWithADifferentColumnCountNamingItsLine() {
    assertThatThrownBy(() -> profile("a,b\n1,2\n3\n4,5\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("Line 3")
        .hasMessageContaining("1 values")
        .hasMessageContaining("2 columns");
  }

  @Test
  void countsLinesOfMultilineRecordsWhenNamingTheBadLine() {
    assertThatThrownBy(() -> profile("a,b\n\"x\ny\",2\n3,4,5\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("Line 4");
  }

  @Test
  void rejectsAnUnterminatedQuote() {
    assertThatThrownBy(() -> profile("a,b\n1,\"open\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("not valid CSV");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 = "name,city\n1,M\u00fcnchen\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> profile(latin1))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("not UTF-8 text");
  }

  @Test
  void rejectsHeaderOnly() {
    assertThatThrownBy(() -> profile("a,b\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("no data rows");
  }

  @Test
  void rejectsBlankAndDuplicateHeaderNames() {
    assertThatThrownBy(() -> profile("a,,c\n1,2,3\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("column 2 has a blank name");
    assertThatThrownBy(() -> profile("a,b,a\n1,2,3\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("'a' appears more than once");
  }

  @Test
  void rejectsAFileOfBlankLines() {
    assertThatThrownBy(() -> profile("\n\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("no header row");
  }

  /** A mixed table: numbers, decimals with gaps, categories, an id, a column that turns text. */
  private Path mixedTable(int rows) throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    StringBuilder csv = new StringBuilder("id,age,spend,plan,late_text,note\n");
    for (int i = 0; i < rows; i++) {
      csv.append("c").append(Long.toHexString(random.nextLong())).append(',');
      csv.append(18 + random.nextInt(70)).append(',');
      if (random.nextInt(10) > 0) {
        csv.append(String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 500));
      }
      csv.append(',');
      csv.append(random.nextInt(3) == 0 ? "pro" : "free").append(',');
      csv.append(i == rows - 7 ? "n/a" : Integer.toString(random.nextInt(5_000))).append(',');
      csv.append("\" note ").append(random.nextInt(3_000)).append(" \"\n");
    }
    return Files.writeString(dir.resolve("mixed-" + rows + ".csv"), csv);
  }

  /** The same file fed to accumulators directly, on this thread, with no pipeline. */
  private static TableProfile sequentially(Path file, int distinctCap) throws IOException {
    try (var parser =
        org.apache.commons.csv.CSVFormat.DEFAULT.parse(
            Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      var records = parser.iterator();
      List<ColumnAccumulator> columns = new java.util.ArrayList<>();
      records
          .next()
          .forEach(
              name ->
                  columns.add(
                      new ColumnAccumulator(
                          name, distinctCap, dev.aifactory.ingestion.dataset.ValueObserver.NONE)));
      long rows = 0;
      while (records.hasNext()) {
        var record = records.next();
        for (int i = 0; i < columns.size(); i++) {
          columns.get(i).add(record.get(i));
        }
        rows++;
      }
      return new TableProfile(rows, columns.stream().map(ColumnAccumulator::profile).toList());
    }
  }

  @Test
  void profilesTheSameOnWorkerThreadsAsFedDirectlyOnOneThread() throws IOException {
    // Several batches, a cap the id and spend columns cross, quantiles past the exact range.
    Path file = mixedTable(30_000);
    TableProfile expected = sequentially(file, 2_000);

    assertThat(new CsvProfiler(2_000, 1).profile(file)).isEqualTo(expected);
    assertThat(new CsvProfiler(2_000, 3).profile(file)).isEqualTo(expected);
    assertThat(expected.column("late_text").orElseThrow().type()).isEqualTo("categorical");
    assertThat(expected.column("spend").orElseThrow().quantiles()).hasSize(9);
  }

  /** An observer of every column's values. */
  private static dev.aifactory.ingestion.dataset.ValueObserver everyValue(
      java.util.function.BiConsumer<String, String> sink) {
    return new dev.aifactory.ingestion.dataset.ValueObserver() {
      @Override
      public boolean wants(String column) {
        return true;
      }

      @Override
      public void value(String column, String value) {
        sink.accept(column, value);
      }
    };
  }

  @Test
  void showsEveryValueToTheObserverWhenColumnsRunOnSeveralThreads() throws IOException {
    Path file = mixedTable(5_000);
    java.util.Map<String, java.util.concurrent.atomic.AtomicLong> seen =
        new java.util.concurrent.ConcurrentHashMap<>();
    dev.aifactory.ingestion.dataset.ValueObserver counting =
        everyValue(
            (column, value) ->
                seen.computeIfAbsent(column, c -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet());

    TableProfile p = new CsvProfiler(1_000, 3).profile(file, counting);

    for (ColumnProfile c : p.columns()) {
      assertThat(seen.get(c.name())).as(c.name()).hasValue(c.count());
    }
  }

  @Test
  void feedsEachColumnFromOneThreadAndKeepsAShareOnTheReadingThread() throws IOException {
    // Six columns and one worker: the reading thread keeps one of them (the last) for itself.
    Path file = mixedTable(5_000);
    java.util.Map<String, java.util.Set<String>> feeders =
        new java.util.concurrent.ConcurrentHashMap<>();
    dev.aifactory.ingestion.dataset.ValueObserver recording =
        everyValue(
            (column, value) ->
                feeders
                    .computeIfAbsent(
                        column, c -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                    .add(Thread.currentThread().getName()));

    TableProfile p = new CsvProfiler(1_000, 1).profile(file, recording);

    assertThat(p).isEqualTo(sequentially(file, 1_000));
    assertThat(feeders).hasSize(6);
    assertThat(feeders.values()).allSatisfy(threads -> assertThat(threads).hasSize(1));
    assertThat(feeders.get("note")).containsExactly(Thread.currentThread().getName());
    assertThat(feeders.get("id")).containsExactly("profile-columns-0");
  }

  @Test
  void aFailureWhileAccumulatingFailsTheProfile() throws IOException {
    Path file = mixedTable(5_000);
    dev.aifactory.ingestion.dataset.ValueObserver failing =
        new dev.aifactory.ingestion.dataset.ValueObserver() {
          @Override
          public boolean wants(String column) {
            return column.equals("plan");
          }

          @Override
          public void value(String column, String value) {
            throw new IllegalArgumentException("observer refused " + value);
          }
        };

    assertThatThrownBy(() -> new CsvProfiler(1_000, 2).profile(file, failing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("observer refused");
  }

  @Test
  void rejectsARaggedRowFarIntoTheFileWhileWorkersAreBusy() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 10_000; i++) {
      csv.append(i).append(",x").append(i % 7).append('\n');
    }
    csv.append("1,2,3\n");
    Path file = Files.writeString(dir.resolve("ragged.csv"), csv);

    assertThatThrownBy(() -> profiler.profile(file))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("Line 10002");
  }

  @Test
  void anIdentifierColumnKeepsADistinctEstimateButNoFrequencies() throws IOException {
    StringBuilder csv = new StringBuilder("id,ref\n");
    for (int i = 0; i < 30_000; i++) {
      // ref: 5 000 distinct values, "hot" in every third row; id: every value new.
      csv.append("id-").append(i).append(',').append(i % 3 == 0 ? "hot" : "r" + (i % 5_000));
      csv.append('\n');
    }
    TableProfile p = new CsvProfiler(2_000).profile(Files.writeString(dir.resolve("ids.csv"), csv));

    ColumnProfile id = p.column("id").orElseThrow();
    assertThat(id.distinctCapped()).isTrue();
    assertThat(id.distinct())
        .isCloseTo(30_000L, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(id.categoryFrequencies()).isEmpty();
    assertThat(id.count()).isEqualTo(30_000);
    // A column with repeats past the cap still keeps its frequent items (Misra-Gries).
    ColumnProfile ref = p.column("ref").orElseThrow();
    assertThat(ref.distinctCapped()).isTrue();
    assertThat(ref.categoryFrequencies().get(0).value()).isEqualTo("hot");
    assertThat(ref.categoryFrequencies().get(0).count())
        .isBetween(10_000L - 30_000 / 1_000, 10_000L);
  }

  @Test
  void stripsBlanksAroundValuesAndCountsBlankCellsAsMissing() throws IOException {
    TableProfile p = profile("a,b\n 1 ,x\n\t,\u2003y\u2003\n2, \n");

    ColumnProfile a = p.column("a").orElseThrow();
    assertThat(a.type()).isEqualTo("numeric");
    assertThat(a.count()).isEqualTo(2);
    assertThat(a.nulls()).isEqualTo(1);
    assertThat(a.min()).isEqualTo(1.0);
    ColumnProfile b = p.column("b").orElseThrow();
    assertThat(b.nulls()).isEqualTo(1);
    assertThat(b.categoryFrequencies())
        .extracting(ColumnProfile.ValueCount::value)
        .containsExactlyInAnyOrder("x", "y");
  }
}
