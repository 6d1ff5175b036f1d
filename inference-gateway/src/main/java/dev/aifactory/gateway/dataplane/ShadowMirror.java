package dev.aifactory.gateway.dataplane;

import dev.aifactory.common.events.ShadowResult;
import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.serving.ModelBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Sends sampled copies of requests to an endpoint's shadow variants, off the request thread. The
 * primary never waits for a copy and never fails because of one: copies run on a small bounded
 * pool; when its queue is full the copy is dropped and counted. Each answered copy is compared with
 * the primary's predictions row by row (agreement, absolute difference, latency delta) and recorded
 * in metrics and in {@link #report}.
 */
@Component
public class ShadowMirror {

  /** Regression predictions within this relative distance of the primary's agree. */
  static final double REGRESSION_TOLERANCE = 0.05;

  private final ModelBackend backend;
  private final MeterRegistry meters;
  private final ThreadPoolExecutor pool;
  private final long timeoutMillis;
  private final Map<StatsKey, Stats> stats = new ConcurrentHashMap<>();

  public ShadowMirror(ModelBackend backend, MeterRegistry meters, GatewayProperties properties) {
    this.backend = backend;
    this.meters = meters;
    GatewayProperties.Shadow shadow = properties.shadow();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            Math.max(1, shadow.threads()),
            Math.max(1, shadow.threads()),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, shadow.queueCapacity())),
            r -> {
              Thread t = new Thread(r, "shadow-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.timeoutMillis = shadow.timeout().toMillis();
  }

  /**
   * Mirrors the request to each shadow variant of the endpoint that samples it. {@code
   * onFirstResult} (nullable) receives the per-row results of the first mirrored shadow once it
   * answered, failed, timed out or was dropped; it is not called when no shadow sampled the
   * request. Returns whether it will be called.
   */
  public boolean mirror(
      ServingTarget primary,
      FeatureMatrix matrix,
      double[] primaryScores,
      long primaryBackendNanos,
      Consumer<ShadowResult[]> onFirstResult) {
    Endpoint endpoint = primary.endpoint();
    boolean first = true;
    for (DeployedModel shadow : endpoint.deployments()) {
      if (!shadow.isShadow()
          || shadow == primary.deployment()
          || ThreadLocalRandom.current().nextDouble() >= shadow.shadowSampleRate()) {
        continue;
      }
      Stats s = stats(endpoint, shadow);
      if (!shadow.model().featureSchema().equals(primary.deployment().model().featureSchema())) {
        // The copy would need the body parsed again with another schema; such a candidate is not
        // comparable row by row anyway.
        s.outcome("skipped-schema").increment();
        continue;
      }
      Consumer<ShadowResult[]> callback = first ? onFirstResult : null;
      first = false;
      if (!backend.accepting(shadow.servable())) {
        // Breaker open or not ready: the copy would fail anyway; skip the hand-off and the failure.
        s.mirrored.increment();
        s.skipped.increment();
        s.outcome("skipped-unavailable").increment();
        deliver(callback, shadow, matrix.rows(), null, 0, "skipped: shadow backend unavailable");
        continue;
      }
      submit(endpoint, shadow, matrix, primaryScores, primaryBackendNanos, s, callback);
    }
    return !first && onFirstResult != null;
  }

  private void submit(
      Endpoint endpoint,
      DeployedModel shadow,
      FeatureMatrix matrix,
      double[] primaryScores,
      long primaryBackendNanos,
      Stats s,
      Consumer<ShadowResult[]> callback) {
    s.mirrored.increment();
    CompletableFuture<Scored> future;
    try {
      // The worker only starts the call: an in-process shadow scores on it, a remote one returns
      // at once and answers on its client's I/O thread, so a stalling shadow holds no worker.
      future =
          CompletableFuture.supplyAsync(
                  () -> {
                    long before = System.nanoTime();
                    return backend
                        .predictAsync(
                            shadow.servable(), matrix.values(), matrix.rows(), matrix.columns())
                        .thenApply(scores -> new Scored(scores, System.nanoTime() - before));
                  },
                  pool)
              .thenCompose(scored -> scored);
    } catch (RejectedExecutionException full) {
      s.dropped.increment();
      s.outcome("dropped").increment();
      deliver(callback, shadow, matrix.rows(), null, 0, "dropped: shadow queue full");
      return;
    }
    future
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (scored, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof java.util.concurrent.CompletionException
                        ? failure.getCause()
                        : failure;
                boolean timedOut = cause instanceof TimeoutException;
                (timedOut ? s.timeouts : s.errors).increment();
                s.outcome(timedOut ? "timeout" : "error").increment();
                deliver(
                    callback,
                    shadow,
                    matrix.rows(),
                    null,
                    timedOut ? timeoutMillis : 0,
                    timedOut
                        ? "timed out after " + timeoutMillis + " ms"
                        : String.valueOf(cause.getMessage()));
                return;
              }
              s.record(endpoint, shadow, primaryScores, scored, primaryBackendNanos);
              deliver(callback, shadow, matrix.rows(), scored.scores(), scored.nanos() / 1e6, null);
            });
  }

  private static void deliver(
      Consumer<ShadowResult[]> callback,
      DeployedModel shadow,
      int rows,
      double[] scores,
      double latencyMs,
      String error) {
    if (callback == null) {
      return;
    }
    ShadowResult[] results = new ShadowResult[rows];
    for (int i = 0; i < rows; i++) {
      results[i] =
          new ShadowResult(
              shadow.variant(),
              shadow.model().version(),
              scores == null || i >= scores.length ? null : scores[i],
              latencyMs,
              error);
    }
    callback.accept(results);
  }

  /** What the shadows of an endpoint have answered so far on this instance. */
  public List<ShadowReport> report(Endpoint endpoint) {
    List<ShadowReport> reports = new ArrayList<>();
    for (DeployedModel d : endpoint.deployments()) {
      if (d.isShadow()) {
        reports.add(stats(endpoint, d).report(d));
      }
    }
    return reports;
  }

  /** Copies waiting for a worker thread (for tests and metrics). */
  public int queued() {
    return pool.getQueue().size();
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }

  /** The comparison of one shadow variant with the primary. */
  public record ShadowReport(
      String variant,
      int version,
      double sampleRate,
      long mirrored,
      long answered,
      long dropped,
      long skipped,
      long errors,
      long timeouts,
      long rows,
      long agreeingRows,
      Double agreement,
      Double meanAbsoluteDifference,
      Double meanLatencyDeltaMs,
      Double meanShadowLatencyMs) {}

  private record Scored(double[] scores, long nanos) {}

  private record StatsKey(String endpoint, String variant, int version) {}

  private Stats stats(Endpoint endpoint, DeployedModel shadow) {
    return stats.computeIfAbsent(
        new StatsKey(endpoint.name(), shadow.variant(), shadow.model().version()),
        k -> new Stats(endpoint, shadow));
  }

  private final class Stats {
    final LongAdder mirrored = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder agreeing = new LongAdder();
    final java.util.concurrent.atomic.DoubleAdder absoluteDifference =
        new java.util.concurrent.atomic.DoubleAdder();
    final java.util.concurrent.atomic.DoubleAdder latencyDeltaMs =
        new java.util.concurrent.atomic.DoubleAdder();
    final java.util.concurrent.atomic.DoubleAdder shadowLatencyMs =
        new java.util.concurrent.atomic.DoubleAdder();
    final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    final Timer latency;
    final DistributionSummary delta;
    final String[] tags;

    Stats(Endpoint endpoint, DeployedModel shadow) {
      tags =
          new String[] {
            "team", endpoint.team(),
            "endpoint", endpoint.name(),
            "model", shadow.model().modelGroup(),
            "version", Integer.toString(shadow.model().version()),
            "variant", shadow.variant()
          };
      latency = meters.timer("aifactory.gateway.shadow.latency", tags);
      delta =
          DistributionSummary.builder("aifactory.gateway.shadow.latency-delta")
              .baseUnit("milliseconds")
              .description("shadow backend time minus the primary's, per mirrored request")
              .tags(tags)
              .register(meters);
    }

    Counter outcome(String outcome) {
      return outcomes.computeIfAbsent(
          outcome,
          o ->
              Counter.builder("aifactory.gateway.shadow.requests")
                  .tags(tags)
                  .tag("outcome", o)
                  .register(meters));
    }

    void record(
        Endpoint endpoint,
        DeployedModel shadow,
        double[] primary,
        Scored scored,
        long primaryNanos) {
      answered.increment();
      boolean binary = "binary".equals(shadow.model().objective());
      int n = Math.min(primary.length, scored.scores().length);
      int agree = 0;
      for (int i = 0; i < n; i++) {
        double p = primary[i];
        double q = scored.scores()[i];
        absoluteDifference.add(Math.abs(p - q));
        boolean same =
            binary
                ? (p >= 0.5) == (q >= 0.5)
                : Math.abs(p - q) <= REGRESSION_TOLERANCE * Math.max(Math.abs(p), 1e-9);
        if (same) {
          agree++;
        }
      }
      rows.add(n);
      agreeing.add(agree);
      double deltaMs = (scored.nanos() - primaryNanos) / 1e6;
      latencyDeltaMs.add(deltaMs);
      shadowLatencyMs.add(scored.nanos() / 1e6);
      latency.record(scored.nanos(), TimeUnit.NANOSECONDS);
      delta.record(deltaMs);
      outcome(agree == n ? "agree" : "disagree").increment();
    }

    ShadowReport report(DeployedModel d) {
      long r = rows.sum();
      long a = answered.sum();
      return new ShadowReport(
          d.variant(),
          d.model().version(),
          d.shadowSampleRate(),
          mirrored.sum(),
          a,
          dropped.sum(),
          skipped.sum(),
          errors.sum(),
          timeouts.sum(),
          r,
          agreeing.sum(),
          r == 0 ? null : agreeing.sum() / (double) r,
          r == 0 ? null : absoluteDifference.sum() / r,
          a == 0 ? null : latencyDeltaMs.sum() / a,
          a == 0 ? null : shadowLatencyMs.sum() / a);
    }
  }
}
