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
    reservoir(column).offer(value);
  }

  @Override
  public java.util.function.Consumer<String> sink(String column) {
    return reservoir(column)::offer;
  }

  private Reservoir reservoir(String column) {
    return reservoirs.computeIfAbsent(column, c -> new Reservoir(size, c.hashCode()));
  }

  /** The sampled values of a column; empty if it had none. */
  public List<String> sample(String column) {
    Reservoir r = reservoirs.get(column);
    return r == null ? List.of() : List.copyOf(r.values);
  }

  /**
   * Algorithm L (Li 1994): after the reservoir is full it computes how many values to skip before
   * the next replacement, so the per-value cost is one counter comparison rather than a random
   * draw; the sample is uniform like Algorithm R's.
   */
  private static final class Reservoir {
    private final int size;
    private final SplittableRandom random;
    private final List<String> values = new ArrayList<>();
    private long seen;
    private double w;
    private long next;

    Reservoir(int size, long seed) {
      this.size = size;
      this.random = new SplittableRandom(seed);
    }

    void offer(String value) {
      seen++;
      if (values.size() < size) {
        values.add(truncate(value));
        if (values.size() == size) {
          w = Math.exp(Math.log(uniform()) / size);
          skip();
        }
      } else if (seen == next) {
        values.set(random.nextInt(size), truncate(value));
        w *= Math.exp(Math.log(uniform()) / size);
        skip();
      }
    }

    private void skip() {
      next = seen + (long) Math.floor(Math.log(uniform()) / Math.log(1 - w)) + 1;
    }

    /** In (0, 1): log(0) would be infinite. */
    private double uniform() {
      double u;
      do {
        u = random.nextDouble();
      } while (u == 0.0);
      return u;
    }

    private static String truncate(String value) {
      return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }
  }
}
