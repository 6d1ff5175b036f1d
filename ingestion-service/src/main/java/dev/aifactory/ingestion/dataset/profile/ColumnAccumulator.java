package dev.aifactory.ingestion.dataset.profile;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Profiles one column in a single streaming pass with memory bounded by the distinct-value cap,
 * whatever the row count. Every format's reader feeds it cell text (or null).
 *
 * <ul>
 *   <li>Type: numeric while every non-null value is a plain decimal number.
 *   <li>Counts, min/max, mean and standard deviation (Welford) exactly.
 *   <li>Numeric columns count distinct numbers exactly in a primitive table ({@link NumberCounts})
 *       up to {@code distinctCap}, then in a {@link HyperLogLog}; they keep no frequencies beyond
 *       that.
 *   <li>Text: distinct values and their counts exactly in a {@link TextCounts} table (keyed by a
 *       64-bit hash of the text), up to {@code distinctCap}. At the cap the table's hashes seed a
 *       {@link HyperLogLog} (so the estimate covers every value seen) and the table becomes a
 *       Misra-Gries frequent-items summary of the same capacity: when it overflows, the median
 *       count is subtracted from every entry and entries at zero or below are dropped. Counts are
 *       then lower bounds, short by at most the sum of subtracted medians; every value more
 *       frequent than that is kept. Exception: a column whose first {@code distinctCap} values (at
 *       least {@value #IDENTIFIER_MIN}) were all different is an identifier (ids, keys,
 *       timestamps); from there it keeps only the HyperLogLog and reports no frequencies, which
 *       would all be 1 and would cost a table insert and purge share per cell.
 *   <li>Numeric values in a {@link KllSketch} for quantiles, equal-frequency bin edges and the
 *       equal-width histogram (exact while fewer than {@value #KLL_K} values arrived).
 * </ul>
 */
public final class ColumnAccumulator {

  public static final int BINS = 10;
  public static final int TOP_VALUES = 10;
  static final int KLL_K = 256;
  // Below this many distinct values a column keeps its frequencies even if none repeated yet.
  static final int IDENTIFIER_MIN = 1000;

  private final String name;
  private final int distinctCap;
  private final Consumer<String> observer;
  private long[] purgeBuffer;
  private Boolean nullable;
  private long count;
  private long nulls;
  private boolean numeric = true;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double mean;
  private double m2;
  private KllSketch quantiles;
  private final TextCounts frequencies = new TextCounts();
  private NumberCounts numbers = new NumberCounts();
  private HyperLogLog distinct;
  private long frequencyError;
  private boolean identifierLike;

  public ColumnAccumulator(String name, int distinctCap, ValueObserver observer) {
    this.name = name;
    this.distinctCap = Math.max(1, distinctCap);
    this.observer = observer.sink(name);
    this.quantiles = new KllSketch(KLL_K, HyperLogLog.hash(name));
  }

  public String name() {
    return name;
  }

  /** What the format declares: false for a required (non-nullable) column, null if it cannot. */
  public ColumnAccumulator nullable(Boolean nullable) {
    this.nullable = nullable;
    return this;
  }

  /** Counts {@code n} rows without a value, e.g. before a JSON key first appeared. */
  public void addNulls(long n) {
    nulls += n;
  }

  /** One cell; null or blank text is a missing value, other text is stripped of blanks. */
  public void add(String raw) {
    String value = stripped(raw);
    if (value == null) {
      nulls++;
      return;
    }
    count++;
    if (observer != null) {
      observer.accept(value);
    }
    if (numeric) {
      double x = Numbers.parse(value);
      if (!Double.isNaN(x)) {
        min = Math.min(min, x);
        max = Math.max(max, x);
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
        quantiles.update(x);
        countNumber(x, value);
        return;
      }
      becomeCategorical();
    }
    countText(value);
  }

  /**
   * The cell without surrounding blanks, or null if it is empty or blank. Most cells start and end
   * with a printable ASCII character, which is never whitespace: they are returned as they are,
   * without the two scans of {@code isBlank} and {@code strip}.
   */
  static String stripped(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    char first = raw.charAt(0);
    char last = raw.charAt(raw.length() - 1);
    if (first > ' ' && first < 0x7f && last > ' ' && last < 0x7f) {
      return raw;
    }
    return raw.isBlank() ? null : raw.strip();
  }

  /** Numeric columns count values (not spellings) exactly up to the cap, then estimate. */
  private void countNumber(double x, String text) {
    if (distinct != null) {
      distinct.addHash(NumberCounts.hash(NumberCounts.key(x)));
      return;
    }
    if (!numbers.add(x, text, distinctCap)) {
      distinct = new HyperLogLog();
      numbers.forEachHash(distinct::addHash);
      distinct.addHash(NumberCounts.hash(NumberCounts.key(x)));
    }
  }

  /**
   * A non-number in a numeric column: the numbers counted so far become text frequencies (by their
   * first spelling). Past the cap the numbers' own frequencies were not kept, so the frequencies
   * are approximate, as {@code distinctCapped} says.
   */
  private void becomeCategorical() {
    numeric = false;
    quantiles = null;
    numbers.forEach((text, n) -> frequencies.add(TextCounts.hash(text), text, n));
    numbers = null;
    while (frequencies.size() > distinctCap) {
      purge();
    }
  }

  private void countText(String value) {
    long hash = TextCounts.hash(value);
    if (identifierLike) {
      distinct.addHash(hash);
      return;
    }
    if (!frequencies.add(hash, value, 1)) {
      // Seen before: every value in the table went into the HyperLogLog when it entered.
      return;
    }
    if (distinct != null) {
      distinct.addHash(hash);
    } else if (frequencies.size() > distinctCap) {
      distinct = new HyperLogLog();
      frequencies.forEachHash(distinct::addHash);
      if (frequencies.size() == count && count > IDENTIFIER_MIN) {
        // Every value so far was new: an identifier. Its frequencies would all be 1 and churn the
        // frequent-items summary with every cell, so only the distinct count is kept from here on.
        identifierLike = true;
        frequencies.clear();
        return;
      }
    }
    if (frequencies.size() > distinctCap) {
      purge();
    }
  }

  /** Misra-Gries with a median purge: amortized O(1) per value, at least half the table freed. */
  private void purge() {
    if (purgeBuffer == null || purgeBuffer.length < frequencies.size()) {
      purgeBuffer = new long[frequencies.size()];
    }
    int n = frequencies.counts(purgeBuffer);
    Arrays.sort(purgeBuffer, 0, n);
    long median = Math.max(1, purgeBuffer[n / 2]);
    frequencyError += median;
    frequencies.subtract(median);
  }

  public ColumnProfile profile() {
    boolean approximate = distinct != null;
    long exact = numeric ? numbers.size() : frequencies.size();
    long distinctCount = approximate ? Math.max(distinct.estimate(), distinctCap) : exact;
    if (!numeric) {
      List<ColumnProfile.ValueCount> ranked = ranked(ColumnProfile.MAX_CATEGORIES);
      return new ColumnProfile(
          name,
          ColumnSchema.CATEGORICAL,
          count,
          nulls,
          distinctCount,
          approximate,
          null,
          null,
          null,
          null,
          null,
          ranked.subList(0, Math.min(TOP_VALUES, ranked.size())),
          nullable,
          null,
          null,
          ranked);
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
          null,
          nullable,
          List.of(),
          List.of(),
          null);
    }
    KllSketch.Weighted sorted = quantiles.sorted();
    List<ColumnProfile.Quantile> qs = new ArrayList<>();
    for (double rank : ColumnProfile.QUANTILE_RANKS) {
      qs.add(new ColumnProfile.Quantile(rank, sorted.quantile(rank)));
    }
    List<Double> edges = new ArrayList<>(BINS + 1);
    edges.add(min);
    for (int i = 1; i < BINS; i++) {
      edges.add(sorted.quantile((double) i / BINS));
    }
    edges.add(max);
    return new ColumnProfile(
        name,
        ColumnSchema.NUMERIC,
        count,
        nulls,
        distinctCount,
        approximate,
        min,
        max,
        mean,
        count > 1 ? Math.sqrt(m2 / (count - 1)) : 0.0,
        histogram(sorted),
        null,
        nullable,
        qs,
        edges,
        null);
  }

  private List<ColumnProfile.ValueCount> ranked(int limit) {
    List<ColumnProfile.ValueCount> all = new ArrayList<>(frequencies.size());
    frequencies.forEach((value, n) -> all.add(new ColumnProfile.ValueCount(value, n)));
    return all.stream()
        .sorted(
            Comparator.comparingLong(ColumnProfile.ValueCount::count)
                .reversed()
                .thenComparing(ColumnProfile.ValueCount::value))
        .limit(limit)
        .toList();
  }

  /**
   * Equal-width bins over [min, max] from the sketch's weighted items; a constant column gets one
   * zero-width bin.
   */
  private List<ColumnProfile.Bin> histogram(KllSketch.Weighted sorted) {
    long[] counts = new long[BINS];
    double width = (max - min) / BINS;
    for (int i = 0; i < sorted.values().length; i++) {
      int bin =
          width == 0
              ? 0
              : Math.max(0, Math.min(BINS - 1, (int) ((sorted.values()[i] - min) / width)));
      counts[bin] += sorted.weights()[i];
    }
    if (max == min) {
      return List.of(new ColumnProfile.Bin(min, max, counts[0]));
    }
    List<ColumnProfile.Bin> bins = new ArrayList<>(BINS);
    for (int i = 0; i < BINS; i++) {
      double upper = i == BINS - 1 ? max : min + (i + 1) * width;
      bins.add(new ColumnProfile.Bin(min + i * width, upper, counts[i]));
    }
    return bins;
  }

  /** How far below the true count a frequency may be (0 while the counts are exact). */
  public long frequencyError() {
    return frequencyError;
  }
}
