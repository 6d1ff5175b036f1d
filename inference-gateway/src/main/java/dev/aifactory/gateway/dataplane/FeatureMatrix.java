package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encoded rows of one request (dense, row-major, {@code NaN} = missing) plus the values as
 * sent, which captures report (numbers for numeric features, text for categorical ones).
 */
public final class FeatureMatrix {

  private final FeatureEncoder encoder;
  private final int rows;
  private final int columns;
  private final float[] values;
  private final Object[] raw;

  public FeatureMatrix(FeatureEncoder encoder, int rows) {
    if (rows <= 0) {
      throw ApiException.badRequest("instances", "must hold at least one row");
    }
    this.encoder = encoder;
    this.rows = rows;
    this.columns = encoder.size();
    this.values = new float[rows * columns];
    this.raw = new Object[rows * columns];
  }

  public void set(int row, int column, Object value, String field) {
    int at = row * columns + column;
    values[at] = encoder.encode(column, value, field);
    raw[at] = value;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  public float[] values() {
    return values;
  }

  public FeatureEncoder encoder() {
    return encoder;
  }

  /** The row as captured: feature name to number (numeric) or text (categorical), null missing. */
  public Map<String, Object> features(int row) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (int c = 0; c < columns; c++) {
      int at = row * columns + c;
      Object value;
      if (encoder.isCategorical(c)) {
        value = raw[at] == null ? null : FeatureEncoder.categoryText(raw[at]);
      } else {
        value = Float.isNaN(values[at]) ? null : (double) values[at];
      }
      features.put(encoder.schema().get(c).name(), value);
    }
    return features;
  }
}
