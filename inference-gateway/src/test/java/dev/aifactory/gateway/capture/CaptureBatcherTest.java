package dev.aifactory.gateway.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.TestGatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching rules on their own, with an in-memory publisher in place of Kafka (the Kafka path,
 * from request to monitoring, is covered by the gateway's and the e2e integration tests).
 */
class CaptureBatcherTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Published published = new Published();
  private CaptureBatcher batcher;

  @AfterEach
  void stop() {
    if (batcher != null) {
      batcher.stop();
    }
  }

  @Test
  void sendsAFullBatchPerEndpointLongBeforeTheFlushInterval() {
    CaptureQueue queue = start(3, Duration.ofMinutes(5));

    for (int i = 0; i < 7; i++) {
      queue.offer("team-a", record("e1", i));
    }
    queue.offer("team-b", record("e2", 0));

    // Two full batches of e1 go out within ticks; the partial ones wait for the (long) interval.
    await().atMost(Duration.ofSeconds(5)).until(() -> published.batches.size() == 2);
    assertThat(published.batches)
        .allSatisfy(
            b -> {
              assertThat(b.endpoint()).isEqualTo("e1");
              assertThat(b.team()).isEqualTo("team-a");
              assertThat(b.records()).hasSize(3);
            });
    assertThat(published.batches.stream().flatMap(b -> b.records().stream()))
        .extracting(CapturedInference::requestId)
        .containsExactly("e1-0", "e1-1", "e1-2", "e1-3", "e1-4", "e1-5");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                meters
                        .counter("aifactory.gateway.captures", "endpoint", "e1", "outcome", "sent")
                        .count()
                    == 6);
  }

  @Test
  void sendsAPartialBatchOnceItIsAFlushIntervalOld() {
    CaptureQueue queue = start(100, Duration.ofMillis(200));

    queue.offer("team-a", record("e1", 0));
    queue.offer("team-a", record("e1", 1));

    await().atMost(Duration.ofSeconds(5)).until(() -> published.batches.size() == 1);
    assertThat(published.batches.get(0).records())
        .extracting(CapturedInference::requestId)
        .containsExactly("e1-0", "e1-1");
  }

  @Test
  void stopSendsWhatIsQueuedAndOpenWithoutWaitingForTheInterval() {
    CaptureQueue queue = start(100, Duration.ofMinutes(5));
    queue.offer("team-a", record("e1", 0));
    queue.offer("team-b", record("e2", 0));

    batcher.stop();

    assertThat(published.batches)
        .extracting(InferenceCaptured::endpoint)
        .containsExactlyInAnyOrder("e1", "e2");
    assertThat(published.flushed).isTrue();
    assertThat(batcher.isRunning()).isFalse();
  }

  @Test
  void dropsAndCountsWhatTheFullQueueCannotHoldWithoutBlockingTheCaller() {
    CaptureQueue queue = new CaptureQueue(properties(2, 100, Duration.ofMinutes(5)), meters);

    assertThat(queue.offer("team-a", record("e1", 0))).isTrue();
    assertThat(queue.offer("team-a", record("e1", 1))).isTrue();
    assertThat(queue.offer("team-a", record("e1", 2))).isFalse();

    assertThat(
            meters
                .counter("aifactory.gateway.captures", "endpoint", "e1", "outcome", "dropped")
                .count())
        .isEqualTo(1);
    assertThat(meters.get(CaptureQueue.QUEUED).gauge().value()).isEqualTo(2);
    assertThat(meters.get(CaptureQueue.CAPACITY).gauge().value()).isEqualTo(2);
  }

  @Test
  void theQueuedGaugeFallsAsTheBatcherDrainsTheBuffer() {
    CaptureQueue queue = start(3, Duration.ofMillis(100));
    for (int i = 0; i < 5; i++) {
      queue.offer("team-a", record("e1", i));
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> published.batches.stream().mapToInt(b -> b.records().size()).sum() == 5);
    assertThat(meters.get(CaptureQueue.QUEUED).gauge().value()).isZero();
    assertThat(meters.get(CaptureQueue.CAPACITY).gauge().value()).isEqualTo(1000);
  }

  private CaptureQueue start(int batchSize, Duration interval) {
    GatewayProperties properties = properties(1000, batchSize, interval);
    CaptureQueue queue = new CaptureQueue(properties, meters);
    batcher = new CaptureBatcher(queue, published, properties);
    batcher.start();
    return queue;
  }

  private static CapturedInference record(String endpoint, int i) {
    return new CapturedInference(
        endpoint + "-" + i,
        endpoint,
        "primary",
        "group",
        1,
        Instant.parse("2026-11-28T10:00:00Z"),
        1.0,
        0.1,
        200,
        Map.of("x", i),
        0.5,
        1.0,
        null);
  }

  private static GatewayProperties properties(int capacity, int batchSize, Duration interval) {
    return TestGatewayProperties.of(
        new GatewayProperties.Capture(capacity, batchSize, interval),
        new GatewayProperties.Shadow(1, 1, Duration.ofSeconds(2)));
  }

  /** Keeps what was sent; acknowledges at once. */
  private static final class Published implements CapturePublisher {
    final List<InferenceCaptured> batches = new CopyOnWriteArrayList<>();
    volatile boolean flushed;

    @Override
    public CompletableFuture<Void> publish(InferenceCaptured batch) {
      batches.add(batch);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void flush() {
      flushed = true;
    }
  }
}
