package dev.aifactory.ingestion.dataset;

import java.util.List;

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

  /** Forwards to every observer that wants the column. */
  static ValueObserver of(List<ValueObserver> observers) {
    return new ValueObserver() {
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
