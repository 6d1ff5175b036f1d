package dev.aifactory.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.DriftBaseline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelMonitorFilesTest {

  private final DriftStatistics statistics = new DriftStatistics(DriftSettings.DEFAULTS);
  private final ModelMonitorFiles files = new ModelMonitorFiles(DriftSettings.DEFAULTS);
  private final DriftBaseline baseline = DriftStatisticsTest.baseline(1_000, 1_000);

  @Test
  void statisticsDescribeEveryFeatureInModelMonitorShape() {
    List<Map<String, Object>> rows = DriftStatisticsTest.window(new Random(1), 100, 0.0, false);

    Map<String, Object> doc = files.statistics(baseline, rows);

    assertThat(doc).containsEntry("version", 0.0);
    assertThat(map(doc.get("dataset"))).containsEntry("item_count", 100);
    List<Map<String, Object>> features = list(doc.get("features"));
    assertThat(features)
        .extracting(f -> f.get("name"))
        .contains("age", "income", "score", "colour");
    Map<String, Object> age = features.get(0);
    assertThat(age).containsEntry("inferred_type", "Fractional");
    Map<String, Object> numerical = map(age.get("numerical_statistics"));
    assertThat(map(numerical.get("common")))
        .containsEntry("num_present", 100)
        .containsEntry("num_missing", 0);
    assertThat(numerical).containsKeys("mean", "sum", "std_dev", "min", "max");
    Map<String, Object> kll = map(map(numerical.get("distribution")).get("kll"));
    long bucketed =
        list(kll.get("buckets")).stream()
            .mapToLong(b -> ((Number) b.get("count")).longValue())
            .sum();
    assertThat(bucketed).isEqualTo(100);
    Map<String, Object> colour = features.get(3);
    assertThat(colour).containsEntry("inferred_type", "String");
    assertThat(map(colour.get("string_statistics"))).containsEntry("distinct_count", 3.0);
  }

  @Test
  void constraintsCarryTheDomainsAndTheMonitoringConfig() {
    Map<String, Object> doc = files.constraints(baseline);

    List<Map<String, Object>> features = list(doc.get("features"));
    assertThat(features).hasSize(4);
    assertThat(map(features.get(3).get("string_constraints")).get("domains"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder("red", "green", "blue");
    assertThat(map(features.get(0).get("num_constraints"))).containsEntry("is_non_negative", true);
    assertThat(map(features.get(2).get("num_constraints"))).containsEntry("is_non_negative", false);
    assertThat(map(doc.get("monitoring_config")))
        .containsEntry("evaluate_constraints", "Enabled")
        .containsKey("distribution_constraints");
  }

  @Test
  void capturesWithMissingFeaturesAreViolationsNotCrashes() {
    List<Map<String, Object>> rows = new ArrayList<>();
    Random random = new Random(2);
    for (int i = 0; i < 60; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("age", 40 + 10 * random.nextGaussian());
      if (i % 2 == 0) {
        row.put("score", random.nextGaussian());
      }
      row.put("colour", i == 0 ? "purple" : "red");
      row.put("device", "phone"); // not in the baseline
      rows.add(row);
    }
    DriftAnalysis analysis = statistics.analyse(baseline, rows, List.of(), 0.5);

    List<Map<String, Object>> violations =
        list(files.violations(baseline, rows, analysis).get("violations"));

    assertThat(violations)
        .extracting(v -> v.get("feature_name") + ":" + v.get("constraint_check_type"))
        .contains(
            "income:missing_column_check",
            "score:completeness_check",
            "colour:categorical_values_check",
            "colour:baseline_drift_check",
            "device:extra_column_check");
    assertThat(files.statistics(baseline, rows)).isNotNull();
  }

  @Test
  void aDriftedFeatureIsABaselineDriftViolationNamingItsThreshold() {
    List<Map<String, Object>> rows = DriftStatisticsTest.window(new Random(3), 200, 2.0, false);
    DriftAnalysis analysis = statistics.analyse(baseline, rows, List.of(), 0.5);

    List<Map<String, Object>> violations =
        list(files.violations(baseline, rows, analysis).get("violations"));

    assertThat(violations)
        .filteredOn(v -> v.get("constraint_check_type").equals("baseline_drift_check"))
        .extracting(v -> v.get("feature_name"))
        .containsExactlyInAnyOrder("age", "income", "score");
    assertThat(violations.get(0).get("description").toString()).contains("ks p-value", "fixed");
  }

  @Test
  void withoutABaselineTheStatisticsStandAloneAndNothingIsViolated() {
    List<Map<String, Object>> rows = DriftStatisticsTest.window(new Random(4), 50, 0.0, false);

    Map<String, Object> all = files.files(null, rows, DriftAnalysis.NONE);

    assertThat(all).containsOnlyKeys(ModelMonitorFiles.NAMES);
    assertThat(list(map(all.get(ModelMonitorFiles.STATISTICS)).get("features"))).hasSize(4);
    assertThat(list(map(all.get(ModelMonitorFiles.CONSTRAINTS)).get("features"))).isEmpty();
    assertThat(list(map(all.get(ModelMonitorFiles.VIOLATIONS)).get("violations"))).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }
}
