package dev.aifactory.ingestion.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.RuleResult;
import dev.aifactory.ingestion.dataset.TableProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {

  /** Feeds the values as the profiler would (non-null only) and returns the results. */
  private static List<RuleResult> run(
      String rules, int uniqueCap, String column, String... values) {
    RuleEvaluation evaluation = new RuleEvaluation(RuleParser.parse(rules), uniqueCap);
    long nonNull = 0;
    for (String v : values) {
      if (v != null) {
        nonNull++;
        if (evaluation.wants(column)) {
          evaluation.value(column, v);
        }
      }
    }
    ColumnProfile profile =
        new ColumnProfile(
            column,
            "categorical",
            nonNull,
            values.length - nonNull,
            0,
            false,
            null,
            null,
            null,
            null,
            null,
            null);
    return evaluation.results(new TableProfile(values.length, List.of(profile)));
  }

  @Test
  void measuresCompletenessAndRowCountFromTheProfile() {
    List<RuleResult> results =
        run(
            "IsComplete \"c\"\nCompleteness \"c\" >= 0.75\nCompleteness \"c\" > 0.75\nRowCount = 4",
            100,
            "c",
            "a",
            null,
            "b",
            "c");

    assertThat(results).extracting(RuleResult::passed).containsExactly(false, true, false, true);
    assertThat(results).extracting(RuleResult::observed).containsExactly(0.75, 0.75, 0.75, 4.0);
  }

  @Test
  void checksEveryValueOfValueRules() {
    List<RuleResult> results =
        run(
            """
            ColumnValues "c" between 0 and 120
            ColumnValues "c" > 3
            ColumnValues "c" in ["5", "20", "130.0"]
            """,
            100,
            "c",
            "5",
            "20",
            "130",
            "x");

    assertThat(results).extracting(RuleResult::passed).containsExactly(false, false, false);
    assertThat(results).extracting(RuleResult::observed).containsExactly(0.5, 0.75, 0.75);
    assertThat(results.get(0).detail()).isEqualTo("2 of 4 non-null values do not, e.g. '130'");
  }

  @Test
  void countsUniquenessExactlyUpToTheCapThenReportsItAsApproximate() {
    List<RuleResult> exact =
        run("IsUnique \"c\"\nUniqueness \"c\" >= 0.75", 100, "c", "a", "b", "a", "c");
    assertThat(exact).extracting(RuleResult::passed).containsExactly(false, true);
    assertThat(exact).extracting(RuleResult::observed).containsExactly(0.75, 0.75);
    assertThat(exact).extracting(RuleResult::approximate).containsExactly(false, false);

    List<RuleResult> capped = run("IsUnique \"c\"", 2, "c", "a", "b", "c", "d");
    assertThat(capped.get(0).passed()).isTrue();
    assertThat(capped.get(0).approximate()).isTrue();
    assertThat(capped.get(0).detail()).contains("approximate");
  }

  @Test
  void failsARuleWhoseColumnIsMissing() {
    RuleResult result = run("IsComplete \"other\"", 100, "c", "a").get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.observed()).isNull();
    assertThat(result.detail()).contains("'other' is not in this version");
  }

  @Test
  void distinctCounterSeesRepeatsAcrossGrowth() {
    DistinctCounter counter = new DistinctCounter(1_000_000);
    for (int i = 0; i < 100_000; i++) {
      counter.add("v" + i);
    }
    counter.add("v42");
    assertThat(counter.distinct()).isEqualTo(100_000);
    assertThat(counter.repeats()).isEqualTo(1);
    assertThat(counter.saturated()).isFalse();
  }
}
