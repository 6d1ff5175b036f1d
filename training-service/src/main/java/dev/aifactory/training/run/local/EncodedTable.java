package dev.aifactory.training.run.local;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.training.run.Objective;
import dev.aifactory.training.run.TrainingFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table as XGBoost sees it: every column but the target is a feature, numeric as float,
 * categorical as the index in its sorted category list, missing as NaN. Rows without a target are
 * dropped. {@code columns[f][r]} is feature f of row r.
 */
record EncodedTable(
    List<FeatureSpec> features,
    float[][] columns,
    float[] labels,
    Map<String, Integer> labelMapping) {

  int rowCount() {
    return labels.length;
  }

  static EncodedTable encode(
      CsvTable table, String target, Objective objective, Map<String, String> columnTypes) {
    int targetIndex = table.column(target);
    if (targetIndex < 0) {
      throw new TrainingFailure(
          "target column '" + target + "' is not in the dataset; columns: " + table.header());
    }
    if (table.header().size() < 2) {
      throw new TrainingFailure("the dataset needs at least one feature besides the target");
    }
    List<String[]> rows = table.rows().stream().filter(r -> r[targetIndex] != null).toList();
    if (rows.isEmpty()) {
      throw new TrainingFailure("no row has a value for target column '" + target + "'");
    }
    Map<String, Integer> mapping = new TreeMap<>();
    float[] labels = labels(rows, targetIndex, target, objective, mapping);

    List<FeatureSpec> features = new ArrayList<>();
    List<float[]> columns = new ArrayList<>();
    for (int c = 0; c < table.header().size(); c++) {
      if (c == targetIndex) {
        continue;
      }
      String name = table.header().get(c);
      String declared = columnTypes == null ? null : columnTypes.get(name);
      boolean numeric =
          declared == null ? allNumeric(rows, c) : !ColumnSchema.CATEGORICAL.equals(declared);
      float[] values = new float[rows.size()];
      if (numeric) {
        for (int r = 0; r < rows.size(); r++) {
          values[r] = parse(rows.get(r)[c]);
        }
        features.add(new FeatureSpec(name, ColumnSchema.NUMERIC, null));
      } else {
        TreeSet<String> categories = new TreeSet<>();
        for (String[] row : rows) {
          if (row[c] != null) {
            categories.add(row[c]);
          }
        }
        List<String> sorted = List.copyOf(categories);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
          index.put(sorted.get(i), i);
        }
        for (int r = 0; r < rows.size(); r++) {
          String v = rows.get(r)[c];
          values[r] = v == null ? Float.NaN : index.get(v);
        }
        features.add(new FeatureSpec(name, ColumnSchema.CATEGORICAL, sorted));
      }
      columns.add(values);
    }
    return new EncodedTable(
        List.copyOf(features),
        columns.toArray(float[][]::new),
        labels,
        mapping.isEmpty() ? null : Map.copyOf(mapping));
  }

  private static float[] labels(
      List<String[]> rows,
      int targetIndex,
      String target,
      Objective objective,
      Map<String, Integer> mapping) {
    float[] labels = new float[rows.size()];
    if (objective == Objective.REGRESSION) {
      for (int r = 0; r < rows.size(); r++) {
        labels[r] = parse(rows.get(r)[targetIndex]);
        if (Float.isNaN(labels[r])) {
          throw new TrainingFailure(
              "regression target '"
                  + target
                  + "' must be numeric; found '"
                  + rows.get(r)[targetIndex]
                  + "'");
        }
      }
      return labels;
    }
    if (objective == Objective.MULTICLASS) {
      return classes(rows, targetIndex, target, mapping);
    }
    TreeSet<String> distinct = new TreeSet<>();
    boolean zeroOne = true;
    for (String[] row : rows) {
      distinct.add(row[targetIndex]);
      float v = parse(row[targetIndex]);
      zeroOne &= v == 0f || v == 1f;
    }
    if (zeroOne) {
      for (int r = 0; r < rows.size(); r++) {
        labels[r] = parse(rows.get(r)[targetIndex]);
      }
      return labels;
    }
    if (distinct.size() != 2) {
      throw new TrainingFailure(
          "binary target '"
              + target
              + "' needs labels 0/1 or exactly two distinct values; found "
              + distinct.size()
              + (distinct.size() <= 5 ? " " + distinct : ""));
    }
    // Sorted order makes the mapping stable: false→0/true→1, no→0/yes→1.
    mapping.put(distinct.first(), 0);
    mapping.put(distinct.last(), 1);
    for (int r = 0; r < rows.size(); r++) {
      labels[r] = mapping.get(rows.get(r)[targetIndex]);
    }
    return labels;
  }

  /**
   * Class index per row: labels sorted numerically when they are all numbers (so 0,1,2,10 keep
   * their order), otherwise alphabetically; {@code mapping} records label → index.
   */
  private static float[] classes(
      List<String[]> rows, int targetIndex, String target, Map<String, Integer> mapping) {
    TreeSet<String> distinct = new TreeSet<>();
    boolean numeric = true;
    for (String[] row : rows) {
      distinct.add(row[targetIndex]);
      numeric &= !Float.isNaN(parse(row[targetIndex]));
    }
    if (distinct.size() < 2 || distinct.size() > Objective.MAX_CLASSES) {
      throw new TrainingFailure(
          "multiclass target '"
              + target
              + "' needs 2 to "
              + Objective.MAX_CLASSES
              + " distinct values; found "
              + distinct.size());
    }
    List<String> ordered = new ArrayList<>(distinct);
    if (numeric) {
      ordered.sort(Comparator.comparingDouble(Double::parseDouble));
    }
    for (int i = 0; i < ordered.size(); i++) {
      mapping.put(ordered.get(i), i);
    }
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      labels[r] = mapping.get(rows.get(r)[targetIndex]);
    }
    return labels;
  }

  /** Labels in class-index order (index 0 first), from the label mapping. */
  List<String> classLabels() {
    if (labelMapping == null) {
      return List.of("0", "1");
    }
    String[] ordered = new String[labelMapping.size()];
    labelMapping.forEach((label, index) -> ordered[index] = label);
    return List.of(ordered);
  }

  private static boolean allNumeric(List<String[]> rows, int c) {
    for (String[] row : rows) {
      if (row[c] != null && Float.isNaN(parse(row[c]))) {
        return false;
      }
    }
    return true;
  }

  private static float parse(String value) {
    if (value == null) {
      return Float.NaN;
    }
    try {
      float f = Float.parseFloat(value);
      return Float.isFinite(f) ? f : Float.NaN;
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }
}
