package dev.aifactory.gateway.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.TestGatewayProperties;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.ModelVersion;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ServableModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow pool under a stalled shadow backend: the caller never waits, copies beyond the bounded
 * queue are dropped and counted, and a copy that does not answer in time is recorded as timed out.
 */
class ShadowMirrorTest {

  private static final List<FeatureSpec> SCHEMA = List.of(new FeatureSpec("x", "numeric", null));

  private final CountDownLatch release = new CountDownLatch(1);
  private final StalledBackend backend = new StalledBackend(release);
  private final ShadowMirror mirror =
      new ShadowMirror(
          backend,
          new SimpleMeterRegistry(),
          TestGatewayProperties.of(
              new GatewayProperties.Capture(10, 10, Duration.ofMillis(100)),
              new GatewayProperties.Shadow(1, 1, Duration.ofSeconds(2))));

  @AfterEach
  void releaseTheBackend() {
    release.countDown();
    mirror.stop();
  }

  @Test
  void aStalledShadowDropsCopiesBeyondTheQueueAndTimesOutWithoutHoldingTheCaller() {
    ModelVersion v1 = new ModelVersion("t", "g", 1, "file:///v1", "binary", SCHEMA);
    ModelVersion v2 = new ModelVersion("t", "g", 2, "file:///v2", "binary", SCHEMA);
    DeployedModel primary = new DeployedModel("primary", "local", 1.0, v1);
    Endpoint endpoint =
        new Endpoint(
            "e",
            "t",
            "g",
            1.0,
            "me",
            List.of(primary, DeployedModel.shadow("mirror", "local", v2, 1.0)),
            Instant.now(),
            Instant.now());
    ServingTarget target = new ServingTarget(endpoint, primary);
    FeatureMatrix matrix = matrix(1);
    ConcurrentLinkedQueue<ShadowResult> results = new ConcurrentLinkedQueue<>();

    for (int i = 0; i < 5; i++) {
      assertThat(mirror.mirror(target, matrix, new double[] {0.7}, 1000, r -> results.add(r[0])))
          .isTrue();
    }

    // The backend is still blocked and the caller is done: one copy runs (stalled), one waits in
    // the queue, three were dropped at once, and nothing has timed out yet.
    assertThat(mirror.queued()).isEqualTo(1);
    assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.error()).startsWith("dropped"));
    await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == 5);
    assertThat(results)
        .filteredOn(r -> r.error().startsWith("timed out"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.prediction()).isNull());
    ShadowMirror.ShadowReport report = mirror.report(endpoint).get(0);
    assertThat(report.mirrored()).isEqualTo(5);
    assertThat(report.dropped()).isEqualTo(3);
    assertThat(report.timeouts()).isEqualTo(2);
    assertThat(report.answered()).isZero();
  }

  @Test
  void comparesAnsweredCopiesRowByRow() {
    release.countDown();
    ModelVersion v1 = new ModelVersion("t", "g", 1, "file:///v1", "binary", SCHEMA);
    ModelVersion v2 = new ModelVersion("t", "g", 2, "file:///v2", "binary", SCHEMA);
    DeployedModel primary = new DeployedModel("primary", "local", 1.0, v1);
    Endpoint endpoint =
        new Endpoint(
            "e",
            "t",
            "g",
            1.0,
            "me",
            List.of(primary, DeployedModel.shadow("mirror", "local", v2, 1.0)),
            Instant.now(),
            Instant.now());
    FeatureMatrix matrix = matrix(2);

    // The stalled backend answers 0.6 per row: agrees with 0.7 (both class 1), not with 0.2.
    mirror.mirror(
        new ServingTarget(endpoint, primary), matrix, new double[] {0.7, 0.2}, 1000, null);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror.report(endpoint).get(0).answered() == 1);
    ShadowMirror.ShadowReport report = mirror.report(endpoint).get(0);
    assertThat(report.rows()).isEqualTo(2);
    assertThat(report.agreeingRows()).isEqualTo(1);
    assertThat(report.agreement()).isEqualTo(0.5);
    assertThat(report.meanAbsoluteDifference())
        .isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void skipsCopiesWhileTheShadowBackendRefusesCalls() {
    backend.refusing = true;
    ModelVersion v1 = new ModelVersion("t", "g", 1, "file:///v1", "binary", SCHEMA);
    ModelVersion v2 = new ModelVersion("t", "g", 2, "file:///v2", "binary", SCHEMA);
    DeployedModel primary = new DeployedModel("primary", "local", 1.0, v1);
    Endpoint endpoint =
        new Endpoint(
            "e",
            "t",
            "g",
            1.0,
            "me",
            List.of(primary, DeployedModel.shadow("mirror", "local", v2, 1.0)),
            Instant.now(),
            Instant.now());
    ConcurrentLinkedQueue<ShadowResult> results = new ConcurrentLinkedQueue<>();

    for (int i = 0; i < 3; i++) {
      mirror.mirror(
          new ServingTarget(endpoint, primary),
          matrix(1),
          new double[] {0.7},
          1000,
          r -> results.add(r[0]));
    }

    // Answered at once on the caller's thread, without a call to the (blocked) backend.
    assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.error()).startsWith("skipped"));
    assertThat(backend.calls.get()).isZero();
    assertThat(mirror.report(endpoint).get(0).skipped()).isEqualTo(3);
  }

  private static FeatureMatrix matrix(int rows) {
    FeatureMatrix matrix = new FeatureMatrix(new FeatureEncoder(SCHEMA), rows);
    for (int i = 0; i < rows; i++) {
      matrix.set(i, 0, i + 1, "x");
    }
    return matrix;
  }

  /**
   * A shadow backend that blocks every call until released, then answers 0.6 per row; while {@code
   * refusing} it says it would refuse calls (an open breaker).
   */
  private static final class StalledBackend implements ModelBackend {
    private final CountDownLatch release;
    final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean refusing;

    StalledBackend(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public boolean accepting(ServableModel model) {
      return !refusing;
    }

    @Override
    public String name() {
      return "stalled";
    }

    @Override
    public void load(ServableModel model) {}

    @Override
    public double[] predict(ServableModel model, float[] values, int rows, int columns) {
      calls.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      double[] scores = new double[rows];
      java.util.Arrays.fill(scores, 0.6);
      return scores;
    }

    @Override
    public void unload(ModelKey key) {}

    @Override
    public boolean isLoaded(ModelKey key) {
      return true;
    }

    @Override
    public Set<ModelKey> loaded() {
      return Set.of();
    }
  }
}
