package dev.aifactory.ingestion.quality;

import java.util.List;
import java.util.Optional;

/** One parsed quality rule; {@link #text()} is the rule as written (trimmed). */
public sealed interface Rule {

  String text();

  /** The column the rule is about, if any ({@code RowCount} has none). */
  Optional<String> column();

  /** Comparison operators of the rule language. */
  enum Operator {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    boolean test(double observed, double expected) {
      switch (this) {
        case EQ:
          return Double.compare(observed, expected) == 0;
        case NE:
          return Double.compare(observed, expected) != 0;
        case LT:
          return observed < expected;
        case LE:
          return observed <= expected;
        case GT:
          return observed > expected;
        default:
          return observed >= expected;
      }
    }
  }

  /** {@code IsComplete "c"}: no null values. */
  record IsComplete(String text, String name) implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code IsUnique "c"}: no non-null value occurs twice. */
  record IsUnique(String text, String name) implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code Completeness "c" >= 0.95}: share of non-null values. */
  record Completeness(String text, String name, Operator operator, double threshold)
      implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code Uniqueness "c" >= 0.9}: distinct non-null values divided by non-null values. */
  record Uniqueness(String text, String name, Operator operator, double threshold) implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code RowCount > 1000}. */
  record RowCount(String text, Operator operator, double threshold) implements Rule {
    public Optional<String> column() {
      return Optional.empty();
    }
  }

  /** {@code ColumnValues "c" between 0 and 120}: every non-null value is a number in range. */
  record ValuesBetween(String text, String name, double low, double high) implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code ColumnValues "c" in ["a","b"]}: every non-null value is one of the listed ones. */
  record ValuesIn(String text, String name, List<String> allowed) implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }

  /** {@code ColumnValues "c" > 3}: every non-null value is a number satisfying the comparison. */
  record ValuesCompared(String text, String name, Operator operator, double threshold)
      implements Rule {
    public Optional<String> column() {
      return Optional.of(name);
    }
  }
}
