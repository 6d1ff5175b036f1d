package dev.aifactory.policy.loop;

import java.time.Instant;
import java.util.Map;

/**
 * A team's model group as policy sees it: the dataset bound to it, its champion, and when policy
 * last requested data- and drift-triggered training for it.
 */
public record ModelGroup(
    String team,
    String name,
    String datasetId,
    Integer championVersion,
    Map<String, Double> championMetrics,
    Instant lastDataRequestAt,
    Instant lastDriftRequestAt) {

  public boolean hasChampion() {
    return championVersion != null;
  }
}
