package dev.aifactory.monitoring.cost;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** SageMaker capacity in use, and how far it has been charged. */
public interface HostedCapacities {

  /** Stores the variant's capacity unless that hosting's variant is stored already; true if new. */
  boolean open(HostedCapacity capacity);

  /**
   * Ends, at {@code at}, the running capacity of {@code sageMakerEndpoint} that started at or
   * before {@code at}, except that of hosting {@code keep} (null: end all); returns how many
   * variants.
   */
  int end(String sageMakerEndpoint, String keep, Instant at);

  /**
   * Capacity of the {@code priced} instance types with time left to charge before {@code now},
   * oldest charge first, at most {@code limit}.
   */
  List<HostedCapacity> unaccrued(Instant now, Set<String> priced, int limit);

  /** Instance types, other than {@code priced}, of capacity with time left to charge. */
  List<String> unpricedTypes(Instant now, Set<String> priced);

  /**
   * Moves the capacity's charge from {@code from} to {@code to} if it still stands at {@code from};
   * false when another accrual got there first (nothing changed).
   */
  boolean advance(String hostingId, String variant, Instant from, Instant to);
}
