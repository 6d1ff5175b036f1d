package dev.aifactory.gateway.capture;

import dev.aifactory.common.events.InferenceCaptured;
import java.util.concurrent.CompletableFuture;

/**
 * Sends capture batches to monitoring. Captures are telemetry, not facts: they go out directly (at
 * most once, may be lost on a crash) rather than through the transactional outbox, which would put
 * a database write on every sampled request.
 */
public interface CapturePublisher {

  /** Sends the batch; the future completes when the broker acknowledged it. */
  CompletableFuture<Void> publish(InferenceCaptured batch);

  /** Waits for everything sent so far to be acknowledged (shutdown). */
  void flush();
}
