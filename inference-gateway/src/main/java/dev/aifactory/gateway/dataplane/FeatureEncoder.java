package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.web.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request values into the model's float inputs, in feature-schema order. Numeric features
 * take numbers (or numeric text, as CSV sends); categorical features take their category, encoded
 * as its index in {@link FeatureSpec#categories()} the way training encoded it. Missing values
 * ({@code null}, empty text) and unknown categories become {@code NaN}, which XGBoost treats as
 * missing.
 */
public final class FeatureEncoder {

  private final List<FeatureSpec> schema;
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();

  public FeatureEncoder(List<FeatureSpec> schema) {
    this.schema = List.copyOf(schema);
    for (int i = 0; i < schema.size(); i++) {
      FeatureSpec spec = schema.get(i);
      indexByName.put(spec.name(), i);
      Map<String, Integer> categories = null;
      if (isCategorical(spec)) {
        categories = new HashMap<>();
        List<String> values = spec.categories() == null ? List.of() : spec.categories();
        for (int c = 0; c < values.size(); c++) {
          categories.putIfAbsent(values.get(c), c);
        }
      }
      categoryIndex.add(categories);
    }
  }

  public int size() {
    return schema.size();
  }

  public List<FeatureSpec> schema() {
    return schema;
  }

  public List<String> names() {
    return schema.stream().map(FeatureSpec::name).toList();
  }

  /** Position of the feature, or -1 if the model has no such feature. */
  public int indexOf(String name) {
    Integer index = indexByName.get(name);
    return index == null ? -1 : index;
  }

  public boolean isCategorical(int column) {
    return categoryIndex.get(column) != null;
  }

  /**
   * Encodes one value of feature {@code column}; {@code field} names where it came from for the 400
   * problem.
   */
  public float encode(int column, Object value, String field) {
    if (value == null) {
      return Float.NaN;
    }
    Map<String, Integer> categories = categoryIndex.get(column);
    if (categories != null) {
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        throw ApiException.badRequest(
            field, "must be a single category of feature '" + name(column) + "'");
      }
      Integer index = categories.get(categoryText(value));
      return index == null ? Float.NaN : index;
    }
    if (value instanceof Number number) {
      return number.floatValue();
    }
    if (value instanceof String text) {
      String trimmed = text.trim();
      if (trimmed.isEmpty()) {
        return Float.NaN;
      }
      try {
        return Float.parseFloat(trimmed);
      } catch (NumberFormatException e) {
        throw notNumeric(column, field, "'" + abbreviate(text) + "'");
      }
    }
    throw notNumeric(column, field, "a " + kind(value));
  }

  /** The category text of a value: whole numbers without a fraction, as CSV would show them. */
  static String categoryText(Object value) {
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
    }
    return String.valueOf(value);
  }

  private String name(int column) {
    return schema.get(column).name();
  }

  private ApiException notNumeric(int column, String field, String what) {
    return ApiException.badRequest(
        field, "feature '" + name(column) + "' is numeric but got " + what + "; send a number");
  }

  private static boolean isCategorical(FeatureSpec spec) {
    return ColumnSchema.CATEGORICAL.equalsIgnoreCase(spec.type());
  }

  private static String kind(Object value) {
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Map<?, ?>) {
      return "object";
    }
    if (value instanceof List<?>) {
      return "array";
    }
    return value.getClass().getSimpleName();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
