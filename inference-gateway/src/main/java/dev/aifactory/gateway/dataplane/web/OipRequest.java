package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.dataplane.FeatureEncoder;
import dev.aifactory.gateway.dataplane.FeatureMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Open Inference Protocol v2 inference request: either one input per feature (shape {@code [n]}
 * or {@code [n, 1]}) or a single input of shape {@code [n, f]} with the columns in feature-schema
 * order.
 */
record OipRequest(String id, List<Input> inputs) {

  static final Set<String> DATATYPES = Set.of("FP32", "FP64", "INT32", "INT64", "BYTES");

  record Input(String name, String datatype, List<Integer> shape, List<Object> data) {
    int rows() {
      return shape.get(0);
    }
  }

  /** Checks the document's structure (not yet the features, which depend on the model). */
  static OipRequest parse(Object body) {
    if (!(body instanceof Map<?, ?> map)) {
      throw ApiException.badRequest("inputs", "the body must be an object with an 'inputs' array");
    }
    Object id = map.get("id");
    if (!(map.get("inputs") instanceof List<?> rawInputs) || rawInputs.isEmpty()) {
      throw ApiException.badRequest("inputs", "must be a non-empty array of tensors");
    }
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < rawInputs.size(); i++) {
      inputs.add(input(rawInputs.get(i), "inputs[" + i + "]"));
    }
    return new OipRequest(id == null ? null : String.valueOf(id), inputs);
  }

  private static Input input(Object raw, String field) {
    if (!(raw instanceof Map<?, ?> tensor)) {
      throw ApiException.badRequest(field, "must be a tensor object {name, shape, datatype, data}");
    }
    if (!(tensor.get("name") instanceof String name) || name.isBlank()) {
      throw ApiException.badRequest(field + ".name", "must name a feature");
    }
    if (!(tensor.get("datatype") instanceof String datatype) || !DATATYPES.contains(datatype)) {
      throw ApiException.badRequest(
          field + ".datatype", "must be one of FP32, FP64, INT32, INT64 or BYTES (categorical)");
    }
    List<Integer> shape = new ArrayList<>();
    if (!(tensor.get("shape") instanceof List<?> dims) || dims.isEmpty() || dims.size() > 2) {
      throw ApiException.badRequest(field + ".shape", "must be [n], [n, 1] or [n, features]");
    }
    for (Object dim : dims) {
      if (!(dim instanceof Integer || dim instanceof Long) || ((Number) dim).longValue() < 0) {
        throw ApiException.badRequest(field + ".shape", "must hold non-negative integers");
      }
      shape.add(((Number) dim).intValue());
    }
    if (shape.get(0) == 0) {
      throw ApiException.badRequest(field + ".shape", "must hold at least one row");
    }
    if (!(tensor.get("data") instanceof List<?> nested)) {
      throw ApiException.badRequest(field + ".data", "must be an array");
    }
    List<Object> data = new ArrayList<>();
    flatten(nested, data);
    long expected = 1;
    for (int dim : shape) {
      expected *= dim;
    }
    if (data.size() != expected) {
      throw ApiException.badRequest(
          field + ".data",
          "has " + data.size() + " values but shape " + shape + " needs " + expected);
    }
    return new Input(name, datatype, shape, data);
  }

  private static void flatten(List<?> values, List<Object> out) {
    for (Object value : values) {
      if (value instanceof List<?> inner) {
        flatten(inner, out);
      } else {
        out.add(value);
      }
    }
  }

  /** Encodes the inputs with the chosen model's features. */
  FeatureMatrix toMatrix(FeatureEncoder encoder) {
    boolean perFeature = inputs.stream().allMatch(in -> encoder.indexOf(in.name()) >= 0);
    if (perFeature) {
      return perFeature(encoder);
    }
    if (inputs.size() == 1 && inputs.get(0).shape().size() == 2) {
      return rowMajor(encoder, inputs.get(0));
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (encoder.indexOf(inputs.get(i).name()) < 0) {
        throw ApiException.badRequest(
            "inputs[" + i + "].name",
            "unknown feature '"
                + inputs.get(i).name()
                + "'; the model's features are "
                + encoder.names()
                + " (or send one input of shape [n, "
                + encoder.size()
                + "])");
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private FeatureMatrix perFeature(FeatureEncoder encoder) {
    int rows = inputs.get(0).rows();
    Map<Integer, Integer> inputOfColumn = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      String field = "inputs[" + i + "]";
      if (in.shape().size() == 2 && in.shape().get(1) != 1) {
        throw ApiException.badRequest(
            field + ".shape", "a per-feature input must have shape [n] or [n, 1]");
      }
      if (in.rows() != rows) {
        throw ApiException.badRequest(
            field + ".shape",
            "has " + in.rows() + " rows but inputs[0] has " + rows + "; all inputs need the same");
      }
      if (inputOfColumn.put(encoder.indexOf(in.name()), i) != null) {
        throw ApiException.badRequest(field + ".name", "feature '" + in.name() + "' is repeated");
      }
    }
    if (inputOfColumn.size() != encoder.size()) {
      List<String> missing =
          encoder.names().stream()
              .filter(n -> !inputOfColumn.containsKey(encoder.indexOf(n)))
              .toList();
      throw ApiException.badRequest(
          "inputs",
          "misses features "
              + missing
              + "; send one input per feature (null data for missing values)");
    }
    FeatureMatrix matrix = new FeatureMatrix(encoder, rows);
    for (Map.Entry<Integer, Integer> e : inputOfColumn.entrySet()) {
      int column = e.getKey();
      int i = e.getValue();
      List<Object> data = inputs.get(i).data();
      for (int r = 0; r < rows; r++) {
        matrix.set(r, column, data.get(r), "inputs[" + i + "].data[" + r + "]");
      }
    }
    return matrix;
  }

  private static FeatureMatrix rowMajor(FeatureEncoder encoder, Input in) {
    int columns = in.shape().get(1);
    if (columns != encoder.size()) {
      throw ApiException.badRequest(
          "inputs[0].shape",
          "has "
              + columns
              + " columns but the model expects "
              + encoder.size()
              + " features, in this order: "
              + encoder.names());
    }
    FeatureMatrix matrix = new FeatureMatrix(encoder, in.rows());
    for (int r = 0; r < in.rows(); r++) {
      for (int c = 0; c < columns; c++) {
        int at = r * columns + c;
        matrix.set(r, c, in.data().get(at), "inputs[0].data[" + at + "]");
      }
    }
    return matrix;
  }
}
