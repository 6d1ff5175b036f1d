package dev.aifactory.ingestion.dataset;

import java.util.List;
import java.util.function.Function;

/** One page of a team-scoped listing. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), page, size, total);
  }
}
