package dev.aifactory.ingestion.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sees cell values during the single streaming profiling pass, so quality rules and classifiers
 * need no second read of the file and hold only what they themselves bound.
 */
public interface ValueObserver {

  ValueObserver NONE = of(List.of());

  /** Whether {@link #value} should be called for this column; asked once per column. */
  boolean wants(String column);

  /** Called once per non-null cell of a wanted column, stripped of surrounding blanks. */
  void value(String column, String value);

  /**
   * The consumer of one column's values, or null if nobody wants them; asked once per column, so
   * the per-value path does no lookups. Sinks are asked for on one thread, before any value, but a
   * profiler may then feed different columns' sinks from different threads (one column's sink from
   * one thread at a time): a sink keeps its state per column.
   */
  default Consumer<String> sink(String column) {
    return wants(column) ? value -> value(column, value) : null;
  }

  /** Forwards to every observer that wants the column. */
  static ValueObserver of(List<ValueObserver> observers) {
    return new ValueObserver() {
      @Override
      public Consumer<String> sink(String column) {
        List<Consumer<String>> sinks = new ArrayList<>();
        for (ValueObserver o : observers) {
          Consumer<String> sink = o.sink(column);
          if (sink != null) {
            sinks.add(sink);
          }
        }
        if (sinks.isEmpty()) {
          return null;
        }
        if (sinks.size() == 1) {
          return sinks.get(0);
        }
        return value -> {
          for (Consumer<String> sink : sinks) {
            sink.accept(value);
          }
        };
      }

      @Override
      public boolean wants(String column) {
        return observers.stream().anyMatch(o -> o.wants(column));
      }

      @Override
      public void value(String column, String value) {
        for (ValueObserver o : observers) {
          if (o.wants(column)) {
            o.value(column, value);
          }
        }
      }
    };
  }
}
