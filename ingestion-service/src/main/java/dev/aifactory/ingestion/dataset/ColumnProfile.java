package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.ColumnSummary;
import java.util.List;

/**
 * Profile of one column, computed in one streaming pass with bounded memory. {@code count} is the
 * number of non-null values; {@code distinct} is exact unless {@code distinctCapped}, then it is a
 * HyperLogLog estimate (and {@code topValues}/{@code categoryFrequencies} come from a
 * frequent-items sketch: lower bounds, exact for every value more frequent than the sketch error).
 * Numeric columns carry min/max/mean/std, an equal-width histogram, quantiles and equal-frequency
 * bin edges (from a KLL sketch: exact while the column has fewer values than the sketch keeps,
 * within about 1% of rank beyond); categorical ones the most frequent values.
 *
 * <p>Fields added after the first release ({@code nullable}, {@code quantiles}, {@code binEdges},
 * {@code categoryFrequencies}) are null in profiles stored before them.
 *
 * @param nullable false only when the format declares the column required (Parquet {@code
 *     REQUIRED}); text formats cannot forbid empty values
 * @param quantiles numeric columns: values at the ranks {@link #QUANTILE_RANKS}
 * @param binEdges numeric columns: the 11 edges of 10 equal-frequency bins, min and max included,
 *     the baseline monitoring compares live traffic with (PSI)
 * @param categoryFrequencies categorical columns: up to {@link #MAX_CATEGORIES} most frequent
 *     values with their counts, most frequent first; empty for an identifier-like column (its first
 *     {@code distinct-cap} values were all different), which keeps only the distinct count
 */
public record ColumnProfile(
    String name,
    String type,
    long count,
    long nulls,
    long distinct,
    boolean distinctCapped,
    Double min,
    Double max,
    Double mean,
    Double std,
    List<Bin> histogram,
    List<ValueCount> topValues,
    Boolean nullable,
    List<Quantile> quantiles,
    List<Double> binEdges,
    List<ValueCount> categoryFrequencies) {

  public static final List<Double> QUANTILE_RANKS =
      List.of(0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99);
  public static final int MAX_CATEGORIES = 50;

  /** The shape before the sketch fields; they stay null. */
  public ColumnProfile(
      String name,
      String type,
      long count,
      long nulls,
      long distinct,
      boolean distinctCapped,
      Double min,
      Double max,
      Double mean,
      Double std,
      List<Bin> histogram,
      List<ValueCount> topValues) {
    this(
        name,
        type,
        count,
        nulls,
        distinct,
        distinctCapped,
        min,
        max,
        mean,
        std,
        histogram,
        topValues,
        null,
        null,
        null,
        null);
  }

  /** Histogram bin {@code [lower, upper)}; the last bin includes its upper edge. */
  public record Bin(double lower, double upper, long count) {}

  public record ValueCount(String value, long count) {}

  /** The value below which a share {@code rank} of the column's values lie. */
  public record Quantile(double rank, double value) {}

  public boolean numeric() {
    return ColumnSchema.NUMERIC.equals(type);
  }

  /** True when the format declares the column non-nullable. */
  public boolean required() {
    return Boolean.FALSE.equals(nullable);
  }

  public ColumnSchema schema() {
    return new ColumnSchema(name, type);
  }

  public ColumnSummary summary() {
    return new ColumnSummary(name, type, count, nulls, distinct, min, max, mean, std);
  }

  /** The same profile without distributions, for listings. */
  public ColumnProfile withoutDistributions() {
    return new ColumnProfile(
        name,
        type,
        count,
        nulls,
        distinct,
        distinctCapped,
        min,
        max,
        mean,
        std,
        null,
        null,
        nullable,
        null,
        null,
        null);
  }
}
