package dev.aifactory.ingestion.dataset.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.TableProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
