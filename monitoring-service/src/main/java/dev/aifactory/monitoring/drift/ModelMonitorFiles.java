package dev.aifactory.monitoring.drift;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.common.events.FeatureDrift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A window's results in the file shapes of SageMaker Model Monitor, so that tools reading Model
 * Monitor output read ours: {@code statistics.json} (what the window's data looks like), {@code
 * constraints.json} (what the training baseline allows) and {@code constraint_violations.json}
 * (where the window broke them). Documents are plain maps and lists, serialised by the adapter.
 *
 * <p>Check types: {@code missing_column_check} (a baseline feature absent from every capture),
 * {@code completeness_check} (present in some only), {@code data_type_check} (non-numbers in a
 * numeric feature), {@code categorical_values_check} (categories the baseline never saw), {@code
 * extra_column_check} (features the baseline does not know) and {@code baseline_drift_check} (the
 * drift verdict, with method, statistic and threshold source in the description).
 */
public class ModelMonitorFiles {

  public static final String STATISTICS = "statistics.json";
  public static final String CONSTRAINTS = "constraints.json";
  public static final String VIOLATIONS = "constraint_violations.json";
  public static final List<String> NAMES = List.of(STATISTICS, CONSTRAINTS, VIOLATIONS);

  /** KLL's default k in Deequ (which Model Monitor runs on); a window up to k values is exact. */
  static final int SKETCH_K = 2048;

  static final int BUCKETS = 10;

  private final DriftSettings settings;

  public ModelMonitorFiles(DriftSettings settings) {
    this.settings = settings;
  }

  /** The three documents, by file name. {@code baseline} may be null (no constraints then). */
  public Map<String, Object> files(
      DriftBaseline baseline, List<Map<String, Object>> rows, DriftAnalysis analysis) {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put(STATISTICS, statistics(baseline, rows));
    files.put(CONSTRAINTS, constraints(baseline));
    files.put(VIOLATIONS, violations(baseline, rows, analysis));
    return files;
  }

  Map<String, Object> statistics(DriftBaseline baseline, List<Map<String, Object>> rows) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 0.0);
    doc.put("dataset", Map.of("item_count", rows.size()));
    List<Object> features = new ArrayList<>();
    Map<String, FeatureBaseline> references = references(baseline);
    Set<String> names = new LinkedHashSet<>(references.keySet());
    names.addAll(observedNames(rows));
    for (String name : names) {
      FeatureBaseline reference = references.get(name);
      List<Object> present = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        Object value = row == null ? null : row.get(name);
        if (value != null) {
          present.add(value);
        }
      }
      boolean categorical =
          reference != null ? DriftStatistics.isCategorical(reference) : !allNumbers(present);
      Map<String, Object> common =
          ordered("num_present", present.size(), "num_missing", rows.size() - present.size());
      Map<String, Object> feature = new LinkedHashMap<>();
      feature.put("name", name);
      if (categorical) {
        feature.put("inferred_type", "String");
        feature.put("string_statistics", stringStatistics(common, present));
      } else {
        double[] values = numbers(present);
        feature.put("inferred_type", integral(values) ? "Integral" : "Fractional");
        feature.put("numerical_statistics", numericalStatistics(common, values));
      }
      features.add(feature);
    }
    doc.put("features", features);
    return doc;
  }

  Map<String, Object> constraints(DriftBaseline baseline) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 0.0);
    List<Object> features = new ArrayList<>();
    for (FeatureBaseline reference : references(baseline).values()) {
      Map<String, Object> feature = new LinkedHashMap<>();
      feature.put("name", reference.name());
      if (DriftStatistics.isCategorical(reference)) {
        feature.put("inferred_type", "String");
        feature.put("completeness", 1.0);
        Map<String, Double> frequencies =
            reference.categoryFrequencies() == null ? Map.of() : reference.categoryFrequencies();
        feature.put("string_constraints", Map.of("domains", List.copyOf(frequencies.keySet())));
      } else {
        feature.put("inferred_type", "Fractional");
        feature.put("completeness", 1.0);
        feature.put("num_constraints", Map.of("is_non_negative", referenceMin(reference) >= 0));
      }
      features.add(feature);
    }
    doc.put("features", features);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("evaluate_constraints", "Enabled");
    config.put("emit_metrics", "Enabled");
    config.put("datatype_check_threshold", 1.0);
    config.put("domain_content_threshold", 1.0);
    config.put(
        "distribution_constraints",
        ordered(
            "perform_comparison",
            "Enabled",
            "comparison_threshold",
            settings.distanceThreshold(),
            "comparison_method",
            "Robust"));
    doc.put("monitoring_config", config);
    return doc;
  }

  Map<String, Object> violations(
      DriftBaseline baseline, List<Map<String, Object>> rows, DriftAnalysis analysis) {
    List<Object> violations = new ArrayList<>();
    Map<String, FeatureBaseline> references = references(baseline);
    Map<String, FeatureDrift> drifts = new LinkedHashMap<>();
    if (analysis != null) {
      analysis.features().forEach(f -> drifts.put(f.name(), f));
    }
    for (FeatureBaseline reference : references.values()) {
      String name = reference.name();
      List<Object> present = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        Object value = row == null ? null : row.get(name);
        if (value != null) {
          present.add(value);
        }
      }
      if (present.isEmpty()) {
        violations.add(
            violation(
                name,
                "missing_column_check",
                "Feature "
                    + name
                    + " of the baseline is missing from all "
                    + rows.size()
                    + " captures of the window"));
        continue;
      }
      if (present.size() < rows.size()) {
        violations.add(
            violation(
                name,
                "completeness_check",
                String.format(
                    Locale.ROOT,
                    "Completeness %.4f is below the baseline's 1.0 (%d of %d captures lack it)",
                    (double) present.size() / rows.size(),
                    rows.size() - present.size(),
                    rows.size())));
      }
      if (DriftStatistics.isCategorical(reference)) {
        Set<String> domain =
            reference.categoryFrequencies() == null
                ? Set.of()
                : reference.categoryFrequencies().keySet();
        Set<String> unseen = new TreeSet<>();
        for (Object value : present) {
          if (!domain.contains(String.valueOf(value))) {
            unseen.add(String.valueOf(value));
          }
        }
        if (!unseen.isEmpty()) {
          violations.add(
              violation(
                  name,
                  "categorical_values_check",
                  "Values outside the baseline's domain: " + String.join(", ", unseen)));
        }
      } else {
        int notNumbers = present.size() - numbers(present).length;
        if (notNumbers > 0) {
          violations.add(
              violation(
                  name,
                  "data_type_check",
                  String.format(
                      Locale.ROOT,
                      "%d of %d values are not numbers (Fractional expected)",
                      notNumbers,
                      present.size())));
        }
      }
      FeatureDrift drift = drifts.get(name);
      if (drift != null && drift.drifted()) {
        violations.add(
            violation(
                name,
                "baseline_drift_check",
                String.format(
                    Locale.ROOT,
                    "%s %s %.6f against the %s threshold %.6f",
                    drift.method(),
                    drift.method().equals("ks") || drift.method().equals("chi-square")
                        ? "p-value"
                        : "distance",
                    drift.statistic(),
                    drift.thresholdSource(),
                    drift.threshold())));
      }
    }
    if (baseline != null) {
      for (String name : observedNames(rows)) {
        if (!references.containsKey(name)) {
          violations.add(
              violation(name, "extra_column_check", "Feature " + name + " is not in the baseline"));
        }
      }
    }
    return Map.of("violations", violations);
  }

  private static Map<String, Object> numericalStatistics(
      Map<String, Object> common, double[] values) {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("common", common);
    double sum = Arrays.stream(values).sum();
    double mean = values.length == 0 ? 0 : sum / values.length;
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean);
    }
    double min = Arrays.stream(values).min().orElse(0);
    double max = Arrays.stream(values).max().orElse(0);
    stats.put("mean", mean);
    stats.put("sum", sum);
    stats.put("std_dev", values.length == 0 ? 0 : Math.sqrt(variance / values.length));
    stats.put("min", min);
    stats.put("max", max);
    List<Object> buckets = new ArrayList<>();
    if (values.length > 0) {
      double width = (max - min) / BUCKETS;
      long[] counts = new long[BUCKETS];
      for (double v : values) {
        int bucket = width > 0 ? (int) Math.min(BUCKETS - 1, (v - min) / width) : 0;
        counts[bucket]++;
      }
      for (int b = 0; b < BUCKETS; b++) {
        buckets.add(
            ordered(
                "lower_bound",
                min + b * width,
                "upper_bound",
                b == BUCKETS - 1 ? max : min + (b + 1) * width,
                "count",
                counts[b]));
      }
    }
    Map<String, Object> sketch = new LinkedHashMap<>();
    sketch.put("parameters", ordered("c", 0.64, "k", (double) SKETCH_K));
    sketch.put("data", List.of(sketchData(values)));
    stats.put("distribution", Map.of("kll", ordered("buckets", buckets, "sketch", sketch)));
    return stats;
  }

  /** All values when they fit in one compactor of k, else an evenly spaced selection of k. */
  private static List<Double> sketchData(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<Double> data = new ArrayList<>();
    if (sorted.length <= SKETCH_K) {
      for (double v : sorted) {
        data.add(v);
      }
    } else {
      for (int i = 0; i < SKETCH_K; i++) {
        data.add(sorted[(int) ((long) i * sorted.length / SKETCH_K)]);
      }
    }
    return data;
  }

  private static Map<String, Object> stringStatistics(
      Map<String, Object> common, List<Object> present) {
    Map<String, Long> counts = new TreeMap<>();
    for (Object value : present) {
      counts.merge(String.valueOf(value), 1L, Long::sum);
    }
    List<Object> buckets = new ArrayList<>();
    counts.forEach((value, count) -> buckets.add(ordered("value", value, "count", count)));
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("common", common);
    stats.put("distinct_count", (double) counts.size());
    stats.put("distribution", Map.of("categorical", Map.of("buckets", buckets)));
    return stats;
  }

  private static Map<String, Object> violation(String feature, String check, String description) {
    return ordered(
        "feature_name", feature, "constraint_check_type", check, "description", description);
  }

  private static double referenceMin(FeatureBaseline reference) {
    if (reference.sample() != null && !reference.sample().isEmpty()) {
      return reference.sample().stream()
          .filter(v -> v != null)
          .mapToDouble(Double::doubleValue)
          .min()
          .orElse(0);
    }
    return reference.binEdges() == null || reference.binEdges().isEmpty()
        ? 0
        : reference.binEdges().get(0);
  }

  private static Map<String, FeatureBaseline> references(DriftBaseline baseline) {
    Map<String, FeatureBaseline> references = new LinkedHashMap<>();
    if (baseline != null && baseline.features() != null) {
      baseline.features().forEach(f -> references.put(f.name(), f));
    }
    return references;
  }

  private static Set<String> observedNames(List<Map<String, Object>> rows) {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> row : rows) {
      if (row != null) {
        names.addAll(row.keySet());
      }
    }
    return names;
  }

  private static boolean allNumbers(List<Object> values) {
    return numbers(values).length == values.size();
  }

  private static boolean integral(double[] values) {
    return values.length > 0 && Arrays.stream(values).allMatch(v -> v == Math.rint(v));
  }

  /** Numbers, and strings that parse as numbers (as the drift statistics read them). */
  private static double[] numbers(List<Object> values) {
    double[] out = new double[values.size()];
    int n = 0;
    for (Object value : values) {
      Double number = null;
      if (value instanceof Number v) {
        number = v.doubleValue();
      } else if (value instanceof String text) {
        try {
          number = Double.parseDouble(text.trim());
        } catch (NumberFormatException notANumber) {
          number = null;
        }
      }
      if (number != null && Double.isFinite(number)) {
        out[n++] = number;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
