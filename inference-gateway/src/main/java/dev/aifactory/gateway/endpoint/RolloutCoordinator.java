package dev.aifactory.gateway.endpoint;

/**
 * What endpoint management needs from rollouts (implemented by the rollout feature, so the
 * dependency points one way). Methods run inside the caller's transaction.
 */
public interface RolloutCoordinator {

  /** True while a rollout of the endpoint is running or paused. */
  boolean inProgress(String endpoint);

  /**
   * The group's champion moved and the endpoint's champion-rollout setting is a plan: start a
   * rollout to the new champion (ending a rollout in progress first).
   */
  void championMoved(Endpoint endpoint, ModelVersion champion, RolloutPlan plan);

  /**
   * The endpoint's deployments are being replaced outright (instant champion switch): a rollout in
   * progress ends as rolled back, with the reason, without touching deployments itself.
   */
  void supersede(String endpoint, String reason);
}
