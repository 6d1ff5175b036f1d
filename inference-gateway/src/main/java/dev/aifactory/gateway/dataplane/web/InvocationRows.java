package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.dataplane.FeatureEncoder;
import dev.aifactory.gateway.dataplane.FeatureMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Rows of a SageMaker-runtime style invocation: JSON ({@code {"instances": [...]}} or a bare array
 * of rows; a row is an array in feature order, an object of feature values, or {@code {"features":
 * [...]}} as SageMaker's XGBoost container takes) or CSV without header, in feature order.
 */
record InvocationRows(String field, List<Object> rows) {

  private static final CSVFormat CSV =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();

  static InvocationRows fromJson(Object body) {
    List<?> instances;
    if (body instanceof List<?> list) {
      instances = list;
    } else if (body instanceof Map<?, ?> map && map.get("instances") instanceof List<?> list) {
      instances = list;
    } else {
      throw ApiException.badRequest(
          "instances", "expected {\"instances\": [...]} or a JSON array of rows");
    }
    if (instances.isEmpty()) {
      throw ApiException.badRequest("instances", "must hold at least one row");
    }
    return new InvocationRows("instances", new ArrayList<>(instances));
  }

  static InvocationRows fromCsv(byte[] body) {
    try (CSVParser parser = CSVParser.parse(new String(body, StandardCharsets.UTF_8), CSV)) {
      List<Object> rows = new ArrayList<>();
      for (CSVRecord record : parser.getRecords()) {
        rows.add(new ArrayList<Object>(record.toList()));
      }
      if (rows.isEmpty()) {
        throw ApiException.badRequest("rows", "the CSV body holds no rows");
      }
      return new InvocationRows("rows", rows);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw ApiException.badRequest("rows", "the CSV body cannot be parsed: " + e.getMessage());
    }
  }

  FeatureMatrix toMatrix(FeatureEncoder encoder) {
    FeatureMatrix matrix = new FeatureMatrix(encoder, rows.size());
    for (int r = 0; r < rows.size(); r++) {
      String at = field + "[" + r + "]";
      Object row = rows.get(r);
      if (row instanceof Map<?, ?> named
          && named.size() == 1
          && named.get("features") instanceof List<?> features
          && encoder.indexOf("features") < 0) {
        row = features;
      }
      if (row instanceof List<?> values) {
        if (values.size() != encoder.size()) {
          throw ApiException.badRequest(
              at,
              "has "
                  + values.size()
                  + " values but the model expects "
                  + encoder.size()
                  + " features, in this order: "
                  + encoder.names());
        }
        for (int c = 0; c < values.size(); c++) {
          matrix.set(r, c, values.get(c), at + "[" + c + "]");
        }
      } else if (row instanceof Map<?, ?> named) {
        for (Object key : named.keySet()) {
          if (encoder.indexOf(String.valueOf(key)) < 0) {
            throw ApiException.badRequest(
                at + "." + key,
                "unknown feature '" + key + "'; the model's features are " + encoder.names());
          }
        }
        List<String> missing = encoder.names().stream().filter(n -> !named.containsKey(n)).toList();
        if (!missing.isEmpty()) {
          throw ApiException.badRequest(
              at, "misses features " + missing + "; send null for a missing value");
        }
        for (Map.Entry<?, ?> e : named.entrySet()) {
          String name = String.valueOf(e.getKey());
          matrix.set(r, encoder.indexOf(name), e.getValue(), at + "." + name);
        }
      } else {
        throw ApiException.badRequest(
            at, "must be an array of feature values or an object of feature name to value");
      }
    }
    return matrix;
  }
}
