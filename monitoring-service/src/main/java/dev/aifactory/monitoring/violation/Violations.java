package dev.aifactory.monitoring.violation;

import dev.aifactory.monitoring.Page;

/** Recorded violations; record them in the transaction that found them. */
public interface Violations {

  void record(Violation violation);

  Page<Violation> list(Filter filter, int page, int size);

  /** List filter; null fields do not filter. {@code team} is always set. */
  record Filter(String team, String endpoint, Violation.Kind kind) {}
}
