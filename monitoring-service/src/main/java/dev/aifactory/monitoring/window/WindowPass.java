package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.monitoring.drift.DriftStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A window's evaluation input rebuilt in one pass over its stored captures, when the aggregate
 * built at ingest cannot be used (captures stored before it existed or before the baseline was
 * known): the {@link WindowAggregate}, a uniform sample of at most {@code sampleSize} rows (the
 * Model Monitor statistics) and, when asked, the rows themselves (a rollout candidate's window,
 * compared pair by pair with the champion's).
 */
final class WindowPass {

  private final WindowAggregate aggregate;
  private final int sampleSize;
  private final Random random = new Random(42); // seeded: a re-evaluation samples the same rows
  private final List<Map<String, Object>> sample = new ArrayList<>();
  private final List<CapturedInference> kept;
  private long seen;

  WindowPass(
      DriftStatistics statistics, DriftBaseline baseline, int sampleSize, boolean keepRecords) {
    this.aggregate = WindowAggregate.start(statistics, baseline, true);
    this.sampleSize = sampleSize;
    this.kept = keepRecords ? new ArrayList<>() : null;
  }

  void add(CapturedInference r) {
    aggregate.add(r);
    Map<String, Object> row = r.features() == null ? Map.of() : r.features();
    // Reservoir sampling (Algorithm R): every row ends up in the sample with equal probability.
    if (sample.size() < sampleSize) {
      sample.add(row);
    } else {
      long slot = (long) (random.nextDouble() * (seen + 1));
      if (slot < sampleSize) {
        sample.set((int) slot, row);
      }
    }
    if (kept != null) {
      kept.add(r);
    }
    seen++;
  }

  WindowAggregate aggregate() {
    return aggregate;
  }

  /** All rows when the window has at most {@code sampleSize} captures, else a uniform sample. */
  List<Map<String, Object>> sample() {
    return sample;
  }

  /** The captures, when kept; else null. */
  List<CapturedInference> records() {
    return kept;
  }

  static double weightOf(Double sampleRate) {
    if (sampleRate == null || !(sampleRate > 0) || sampleRate > 1) {
      return 1.0;
    }
    return 1.0 / sampleRate;
  }
}
