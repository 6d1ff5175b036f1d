package dev.aifactory.gateway.serving;

/**
 * A remote backend did not answer usefully. {@code kind} says how, so the data plane can answer
 * with the right status and try a fallback variant when the backend's circuit breaker is open.
 */
public class BackendFailure extends RuntimeException {

  public enum Kind {
    /** The call took longer than the backend's timeout. */
    TIMEOUT,
    /** The backend answered 5xx, garbage, or could not be reached. */
    FAILED,
    /** The backend asked us to slow down (429). */
    THROTTLED,
    /** The circuit breaker is open: the call was not attempted. */
    OPEN,
    /** The backend's health check says it is not ready: the call was not attempted. */
    NOT_READY
  }

  private final Kind kind;
  private final long retryAfterSeconds;

  public BackendFailure(Kind kind, String message, long retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The call never reached the backend, so another variant may take the request. */
  public boolean notAttempted() {
    return kind == Kind.OPEN || kind == Kind.NOT_READY;
  }
}
