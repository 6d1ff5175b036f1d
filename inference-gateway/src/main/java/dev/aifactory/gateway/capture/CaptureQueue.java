package dev.aifactory.gateway.capture;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.springframework.stereotype.Component;

/**
 * Bounded hand-off between request threads and the {@link CaptureBatcher}. {@link #offer} never
 * blocks and never fails a request: when the queue is full the record is dropped and counted.
 */
@Component
public class CaptureQueue {

  /** A captured row with the team that owns its endpoint. */
  public record Captured(String team, CapturedInference record) {}

  static final String QUEUED = "aifactory.gateway.capture.queued";
  static final String CAPACITY = "aifactory.gateway.capture.capacity";

  private final BlockingQueue<Captured> queue;
  private final MeterRegistry meters;

  public CaptureQueue(GatewayProperties properties, MeterRegistry meters) {
    int capacity = Math.max(1, properties.capture().queueCapacity());
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.meters = meters;
    // Read when scraped, not kept per request: how close the buffer is to dropping.
    Gauge.builder(QUEUED, queue, BlockingQueue::size)
        .description("Captured rows waiting for the batcher; at capacity new rows are dropped")
        .register(meters);
    Gauge.builder(CAPACITY, () -> capacity)
        .description("Captured rows the buffer holds before it drops")
        .register(meters);
  }

  public boolean offer(String team, CapturedInference record) {
    if (queue.offer(new Captured(team, record))) {
      return true;
    }
    outcome(record.endpoint(), "dropped").increment();
    return false;
  }

  /** Moves every record queued now to {@code into}, in order; never blocks. */
  int drainTo(java.util.Collection<? super Captured> into) {
    return queue.drainTo(into);
  }

  Counter outcome(String endpoint, String outcome) {
    return meters.counter("aifactory.gateway.captures", "endpoint", endpoint, "outcome", outcome);
  }
}
