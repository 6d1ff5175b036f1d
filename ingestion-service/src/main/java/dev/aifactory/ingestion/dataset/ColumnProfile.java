package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.ColumnSummary;
import java.util.List;

/**
 * Profile of one column. {@code count} is the number of non-null values; {@code distinct} is exact
 * unless {@code distinctCapped}, then it is a lower bound (and {@code topValues} approximate).
 * Numeric columns carry min/max/mean/std and a histogram, categorical ones the most frequent
 * values.
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
    List<ValueCount> topValues) {

  /** Histogram bin {@code [lower, upper)}; the last bin includes its upper edge. */
  public record Bin(double lower, double upper, long count) {}

  public record ValueCount(String value, long count) {}

  public boolean numeric() {
    return ColumnSchema.NUMERIC.equals(type);
  }

  public ColumnSchema schema() {
    return new ColumnSchema(name, type);
  }

  public ColumnSummary summary() {
    return new ColumnSummary(name, type, count, nulls, distinct, min, max, mean, std);
  }

  /** The same profile without histogram and top values, for listings. */
  public ColumnProfile withoutDistributions() {
    return new ColumnProfile(
        name, type, count, nulls, distinct, distinctCapped, min, max, mean, std, null, null);
  }
}
