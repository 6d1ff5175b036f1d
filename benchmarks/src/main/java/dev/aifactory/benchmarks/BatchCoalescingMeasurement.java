package dev.aifactory.benchmarks;

import static dev.aifactory.benchmarks.GatewayOverheadBenchmark.say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Is coalescing small concurrent requests into one XGBoost call faster than scoring each on its own
 * thread (the in-process backend's way)? Measures, with the benchmark's 100-tree model and {@code
 * nthread=1}: the cost of one {@code predict} per batch size (the fixed per-call cost vs the
 * per-row cost), and a coalescer (one scoring thread draining a queue) against direct calls from
 * {@code bench.threads} threads. Run: {@code ./mvnw -q -pl benchmarks compile exec:java
 * -Dbench.scenario=batching}.
 */
public final class BatchCoalescingMeasurement {

  private BatchCoalescingMeasurement() {}

  public static void main(String[] args) throws Exception {
    int calls = Integer.getInteger("bench.calls", 20_000);
    int threads = Integer.getInteger("bench.threads", 8);
    Path work = Files.createTempDirectory("aifactory-bench-batch");
    ChurnModel model = ChurnModel.train(work);
    Booster booster = XGBoost.loadModel(model.path().toString());
    booster.setParam("nthread", "1");
    Random random = new Random(1);
    say(
        "machine: %d cores, %s",
        GatewayOverheadBenchmark.cores(), GatewayOverheadBenchmark.osVersion());

    for (int batch : new int[] {1, 2, 4, 8, 16, 32, 64}) {
      float[] rows = rows(random, batch);
      for (int i = 0; i < calls / 4; i++) {
        predict(booster, rows, batch);
      }
      int n = Math.max(200, calls / batch);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        predict(booster, rows, batch);
      }
      double perCallUs = (System.nanoTime() - start) / 1e3 / n;
      say("batch %2d: %.1f us per call, %.2f us per row", batch, perCallUs, perCallUs / batch);
    }

    // Direct: each of `threads` threads scores its own one-row requests.
    float[] one = rows(random, 1);
    long start = System.nanoTime();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                for (int i = 0; i < calls / threads; i++) {
                  predict(booster, one, 1);
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double direct = calls / ((System.nanoTime() - start) / 1e9);

    // Coalesced: the same threads hand one-row requests to a scorer that takes what is queued.
    BlockingQueue<CompletableFuture<Double>> queue = new ArrayBlockingQueue<>(4096);
    Thread scorer =
        new Thread(
            () -> {
              var pending = new java.util.ArrayList<CompletableFuture<Double>>();
              try {
                while (true) {
                  pending.add(queue.take());
                  queue.drainTo(pending, 63);
                  float[] batchRows = rows(new Random(2), pending.size());
                  float[][] scores = predict(booster, batchRows, pending.size());
                  for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).complete((double) scores[i][0]);
                  }
                  pending.clear();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    scorer.setDaemon(true);
    scorer.start();
    start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                for (int i = 0; i < calls / threads; i++) {
                  CompletableFuture<Double> f = new CompletableFuture<>();
                  try {
                    queue.put(f);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  f.join();
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double coalesced = calls / ((System.nanoTime() - start) / 1e9);
    say(
        "%d threads, one-row requests: direct %.0f req/s, coalesced %.0f req/s (ratio %.2f)",
        threads, direct, coalesced, coalesced / direct);
  }

  private static float[] rows(Random random, int n) {
    float[] data = new float[n * 3];
    for (int i = 0; i < n; i++) {
      data[i * 3] = 18 + random.nextInt(60);
      data[i * 3 + 1] = (float) (10 + random.nextDouble() * 90);
      data[i * 3 + 2] = random.nextInt(3);
    }
    return data;
  }

  private static float[][] predict(Booster booster, float[] rows, int n) {
    try {
      return booster.inplace_predict(rows, n, 3, Float.NaN);
    } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw new IllegalStateException(e);
    }
  }
}
