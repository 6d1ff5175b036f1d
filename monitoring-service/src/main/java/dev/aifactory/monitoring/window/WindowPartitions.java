package dev.aifactory.monitoring.window;

import java.time.Instant;
import java.util.List;

/** The time partitions of the window table. */
public interface WindowPartitions {

  /** A partition holding windows that start in {@code [from, to)}. */
  record Partition(String name, Instant from, Instant to) {}

  /** The range partitions, oldest first (the default partition is not listed). */
  List<Partition> list();

  /** Creates the partition unless one exists that overlaps its range; true if created. */
  boolean create(Partition partition);

  /** Deletes the partition's windows with everything hanging off them, then drops it. */
  int drop(Partition partition);

  /** Deletes windows that started before {@code cutoff} from the default partition. */
  int purgeDefaultBefore(Instant cutoff);

  /** Deletes violations and SLO samples from before {@code cutoff}. */
  int purgeRecordsBefore(Instant cutoff);
}
