package dev.aifactory.gateway.serving;

import dev.aifactory.gateway.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The circuit breaker every remote backend (OIP, SageMaker) puts in front of one model, tuned for a
 * gateway: judged over the last 5 × {@code breakerWindow} calls once {@code breakerWindow} calls
 * were made, so a server failing every call is cut off after {@code breakerWindow} calls while
 * sporadic errors under high concurrency do not open it; fails fast for {@code breakerOpen}, then
 * lets 3 trial calls through. Only {@link BackendFailure}s count as failures; a refused call
 * becomes a {@link BackendFailure.Kind#OPEN} failure carrying a {@code Retry-After}.
 */
public final class BackendBreaker {

  private final CircuitBreaker breaker;
  private final String what;
  private final long openSeconds;

  /** {@code what} names the model server in messages, e.g. "SageMaker endpoint churn". */
  public BackendBreaker(String name, String what, GatewayProperties.Remote settings) {
    this.breaker = CircuitBreaker.of(name, config(settings));
    this.what = what;
    this.openSeconds = Math.max(1, settings.breakerOpen().toSeconds());
  }

  private static CircuitBreakerConfig config(GatewayProperties.Remote settings) {
    int window = Math.max(1, settings.breakerWindow());
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(window * 5)
        .minimumNumberOfCalls(window)
        .failureRateThreshold(50)
        .waitDurationInOpenState(settings.breakerOpen())
        .permittedNumberOfCallsInHalfOpenState(3)
        // Callers that check the state first (shadows) make no call while open, so the breaker
        // must move to half-open on its own.
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .recordException(e -> e instanceof BackendFailure)
        .build();
  }

  public boolean isOpen() {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  /** Runs a blocking call; refused while open. */
  public <T> T call(Supplier<T> call) {
    try {
      return breaker.executeSupplier(call);
    } catch (CallNotPermittedException open) {
      throw refused(open);
    }
  }

  /**
   * Wraps a non-blocking call; the stage fails with {@link CallNotPermittedException} while open
   * (map it with {@link #refused}).
   */
  public <T> Supplier<CompletionStage<T>> decorate(Supplier<CompletionStage<T>> call) {
    return CircuitBreaker.decorateCompletionStage(breaker, call);
  }

  /** The failure a refused call answers with. */
  public BackendFailure refused(CallNotPermittedException open) {
    return new BackendFailure(
        BackendFailure.Kind.OPEN,
        "the circuit breaker of " + what + " is open after repeated failures",
        openSeconds,
        open);
  }
}
