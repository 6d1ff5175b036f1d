package dev.aifactory.ingestion.classification;

import dev.aifactory.ingestion.dataset.ValueObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A uniform sample of each column's non-null values (reservoir sampling, Algorithm R), taken during
 * the profiling pass. Seeded per column, so the same bytes always give the same sample and the same
 * classification. Values are truncated: detectors need no more than a line of text.
 */
public final class ValueSampler implements ValueObserver {

  static final int MAX_VALUE_LENGTH = 100;

  private final int size;
  private final Map<String, Reservoir> reservoirs = new HashMap<>();

  public ValueSampler(int size) {
    this.size = size;
  }

  @Override
  public boolean wants(String column) {
    return true;
  }

  @Override
  public void value(String column, String value) {
    reservoirs.computeIfAbsent(column, c -> new Reservoir(size, c.hashCode())).offer(value);
  }

  /** The sampled values of a column; empty if it had none. */
  public List<String> sample(String column) {
    Reservoir r = reservoirs.get(column);
    return r == null ? List.of() : List.copyOf(r.values);
  }

  private static final class Reservoir {
    private final int size;
    private final SplittableRandom random;
    private final List<String> values = new ArrayList<>();
    private long seen;

    Reservoir(int size, long seed) {
      this.size = size;
      this.random = new SplittableRandom(seed);
    }

    void offer(String value) {
      seen++;
      String kept =
          value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
      if (values.size() < size) {
        values.add(kept);
      } else {
        long slot = random.nextLong(seen);
        if (slot < size) {
          values.set((int) slot, kept);
        }
      }
    }
  }
}
