package dev.aifactory.monitoring.cost;

import java.util.List;

/** Recorded spend. */
public interface Costs {

  /** Records the entry unless its kind and source id are recorded already; true if new. */
  boolean record(CostEntry entry);

  /**
   * The team's spend recorded in [{@code from}, {@code to}) (either may be null: unbounded),
   * grouped by team, model group or version, largest total first.
   */
  List<CostLine> report(String team, Grouping by, java.time.Instant from, java.time.Instant to);

  /** Total spend (training and serving) per team recorded at or after {@code from}. */
  java.util.Map<String, Double> spendSince(java.time.Instant from);

  /** How a cost report groups. */
  enum Grouping {
    TEAM,
    MODEL_GROUP,
    VERSION
  }
}
