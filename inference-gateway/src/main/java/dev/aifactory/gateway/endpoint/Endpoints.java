package dev.aifactory.gateway.endpoint;

import java.util.List;
import java.util.Optional;

/** Endpoints and their deployments. */
public interface Endpoints {

  /** Stores a new endpoint without deployments; a taken name is a 409 conflict. */
  void create(Endpoint endpoint);

  Optional<Endpoint> find(String name);

  /** Every endpoint of every team with its deployments (the routing table's source). */
  List<Endpoint> all();

  /** The team's endpoints ordered by name. */
  List<Endpoint> page(String team, int page, int size);

  long count(String team);

  /** Names of the team's endpoints bound to the group, locked for a deployment switch. */
  List<String> lockServing(String team, String modelGroup);

  /** Replaces all deployments of the endpoint and touches its {@code updatedAt}. */
  void replaceDeployments(String endpoint, String team, List<DeployedModel> deployments);

  /** Locks the endpoint's row for a deployment change; false if it does not exist. */
  boolean lock(String endpoint);

  /** Sets what the endpoint does when the champion moves (null = switch at once). */
  void updateChampionRollout(String endpoint, RolloutPlan plan);

  /** Sets (or with null removes) the endpoint's quota and touches its {@code updatedAt}. */
  void updateQuota(String endpoint, Quota quota);

  /** Every model version some deployment uses. */
  List<ModelVersion> deployedModels();
}
