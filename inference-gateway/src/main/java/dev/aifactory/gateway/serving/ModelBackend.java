package dev.aifactory.gateway.serving;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
 *   <li>{@link #predictAsync} scores like {@link #predict} without holding the calling thread while
 *       a remote server works (see its contract); in-process backends compute on the calling
 *       thread.
 *   <li>{@link #unload} releases the version's resources; predictions already running on it finish
 *       first. Unloading a version that is not loaded does nothing.
 * </ul>
 */
public interface ModelBackend {

  /** Name recorded in deployments ({@code local}, {@code oip}; later {@code sagemaker}). */
  String name();

  void load(ServableModel model);

  double[] predict(ServableModel model, float[] values, int rows, int columns);

  /**
   * Scores like {@link #predict}, for callers that must not hold a thread while a remote model
   * server works (the data plane's request path; Java 17 has no virtual threads). The contract:
   *
   * <ul>
   *   <li>It never throws: every failure completes the future exceptionally, with a {@link
   *       BackendFailure} (remote server failed, timed out, throttled, breaker open, not ready) or
   *       a {@link ModelUnavailableException} (the model cannot be loaded).
   *   <li>The future always completes, at the latest after the backend's timeout (plus connect and
   *       retry time): a caller never waits forever.
   *   <li>Remote backends return at once and complete the future on their I/O thread: callers chain
   *       only short, non-blocking work onto it (or hop to their own executor).
   *   <li>In-process backends (CPU-bound scoring) compute on the calling thread and return a future
   *       that is already complete, so synchronous callers pay nothing for the async shape. This
   *       default does exactly that.
   * </ul>
   */
  default CompletableFuture<double[]> predictAsync(
      ServableModel model, float[] values, int rows, int columns) {
    try {
      return CompletableFuture.completedFuture(predict(model, values, rows, columns));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

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
