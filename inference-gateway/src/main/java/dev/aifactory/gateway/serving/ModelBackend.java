package dev.aifactory.gateway.serving;

import java.util.Set;

/**
 * Serves predictions of model versions. The contract every adapter keeps:
 *
 * <ul>
 *   <li>{@link #load} makes a version servable and is idempotent; once it returns, {@link #predict}
 *       of that version needs no further I/O. It throws {@link ModelUnavailableException} when the
 *       artifact cannot be read or does not fit {@code featureCount}; nothing is left half-loaded
 *       then.
 *   <li>{@link #predict} takes a dense row-major matrix ({@code rows * columns} values, {@code NaN}
 *       = missing) and returns one score per row in row order: the probability of class 1 for
 *       {@code binary}, the predicted value for {@code regression}. It is safe to call from many
 *       threads at once, also for the same version. A version that is not loaded (unloaded
 *       concurrently, or deployed by another gateway instance) is loaded first, so a request that
 *       raced with a switch still gets an answer.
 *   <li>{@link #unload} releases the version's resources; predictions already running on it finish
 *       first. Unloading a version that is not loaded does nothing.
 * </ul>
 */
public interface ModelBackend {

  /** Name recorded in deployments ({@code local}, {@code oip}; later {@code sagemaker}). */
  String name();

  void load(ServableModel model);

  double[] predict(ServableModel model, float[] values, int rows, int columns);

  void unload(ModelKey key);

  boolean isLoaded(ModelKey key);

  /**
   * Whether the model can take requests now: always for in-process models, the last health check
   * for remote ones. The router sends no request to a variant that is not ready while another is.
   */
  default boolean isReady(ServableModel model) {
    return true;
  }

  /**
   * Whether a call would be attempted now: ready and, for remote backends, the circuit breaker not
   * open. Shadows skip copies a backend would refuse anyway, instead of failing each one.
   */
  default boolean accepting(ServableModel model) {
    return isReady(model);
  }

  Set<ModelKey> loaded();
}
