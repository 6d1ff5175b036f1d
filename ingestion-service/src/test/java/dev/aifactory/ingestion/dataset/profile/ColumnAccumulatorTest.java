package dev.aifactory.ingestion.dataset.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnAccumulatorTest {

  /** A skewed vocabulary: value k has weight 1/(k+1), so the counts are all different. */
  private static String draw(SplittableRandom random, int vocabulary) {
    while (true) {
      int k = random.nextInt(vocabulary);
      if (random.nextDouble() < 1.0 / (k + 1)) {
        return "v" + k;
      }
    }
  }

  @Test
  void countsEveryTextValueExactlyBelowTheCap() {
    SplittableRandom random = new SplittableRandom(3);
    ColumnAccumulator column = new ColumnAccumulator("c", 10_000, ValueObserver.NONE);
    Map<String, Long> exact = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      String v = draw(random, 3_000);
      exact.merge(v, 1L, Long::sum);
      column.add(v);
    }

    ColumnProfile p = column.profile();

    assertThat(p.distinctCapped()).isFalse();
    assertThat(p.distinct()).isEqualTo(exact.size());
    assertThat(p.categoryFrequencies()).hasSize(ColumnProfile.MAX_CATEGORIES);
    for (ColumnProfile.ValueCount vc : p.categoryFrequencies()) {
      assertThat(vc.count()).as(vc.value()).isEqualTo(exact.get(vc.value()));
    }
    // The most frequent values, in order: none is missing from the top.
    long smallestReported = p.categoryFrequencies().get(p.categoryFrequencies().size() - 1).count();
    assertThat(exact.values().stream().filter(n -> n > smallestReported).count())
        .isLessThan(ColumnProfile.MAX_CATEGORIES);
    assertThat(column.frequencyError()).isZero();
  }

  @Test
  void keepsFrequentValuesWithinTheReportedErrorPastTheCap() {
    SplittableRandom random = new SplittableRandom(5);
    ColumnAccumulator column = new ColumnAccumulator("c", 500, ValueObserver.NONE);
    Map<String, Long> exact = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      String v = draw(random, 20_000);
      exact.merge(v, 1L, Long::sum);
      column.add(v);
    }

    ColumnProfile p = column.profile();
    long error = column.frequencyError();

    assertThat(p.distinctCapped()).isTrue();
    assertThat(p.distinct())
        .isCloseTo((long) exact.size(), org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(error).isPositive().isLessThanOrEqualTo(300_000 / 250);
    for (ColumnProfile.ValueCount vc : p.categoryFrequencies()) {
      long truth = exact.get(vc.value());
      assertThat(vc.count()).as(vc.value()).isBetween(truth - error, truth);
    }
    // A value whose lower bound beats the 50th reported count must be among the 50 reported.
    long last = p.categoryFrequencies().get(p.categoryFrequencies().size() - 1).count();
    List<String> mustBeKept =
        exact.entrySet().stream()
            .filter(e -> e.getValue() - error > last)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(mustBeKept).hasSizeGreaterThan(10);
    assertThat(p.categoryFrequencies())
        .extracting(ColumnProfile.ValueCount::value)
        .containsAll(mustBeKept);
  }

  @Test
  void turnsNumbersIntoTextFrequenciesWhenAColumnBecomesCategorical() {
    ColumnAccumulator column = new ColumnAccumulator("c", 100, ValueObserver.NONE);
    for (int i = 0; i < 30; i++) {
      column.add(Integer.toString(i % 3));
    }
    column.add("x");
    column.add("1");

    ColumnProfile p = column.profile();

    assertThat(p.type()).isEqualTo("categorical");
    assertThat(p.categoryFrequencies())
        .containsExactly(
            new ColumnProfile.ValueCount("1", 11),
            new ColumnProfile.ValueCount("0", 10),
            new ColumnProfile.ValueCount("2", 10),
            new ColumnProfile.ValueCount("x", 1));
  }

  @Test
  void hashesDifferentTextsApart() {
    assertThat(TextCounts.hash("ab")).isNotEqualTo(TextCounts.hash("ba"));
    assertThat(TextCounts.hash("")).isNotEqualTo(TextCounts.hash("\0"));
    assertThat(TextCounts.hash("")).isNotZero();
  }
}
