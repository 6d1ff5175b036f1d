package dev.aifactory.policy.loop;

import java.time.Instant;
import java.util.Map;

/** Per-group state of the loop. */
public interface ModelGroups {

  /**
   * The group, created empty if unknown, locked until the current transaction ends so that two
   * decisions on one group (say, two drift events) see each other's cooldown.
   */
  ModelGroup lock(String team, String name);

  void bindDataset(String team, String name, String datasetId);

  void championMoved(String team, String name, int version, Map<String, Double> metrics);

  void dataTrainingRequested(String team, String name, Instant at);

  void driftTrainingRequested(String team, String name, Instant at);
}
