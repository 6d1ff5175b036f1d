package dev.aifactory.gateway.serving.local;

import dev.aifactory.gateway.serving.BackendAdapter;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import dev.aifactory.gateway.serving.ServableModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * In-process XGBoost4J boosters, one per loaded model version.
 *
 * <p>Thread safety, as found for XGBoost4J 3.4.0: {@code Booster.predict} is no longer {@code
 * synchronized} in Java (dmlc/xgboost#11746 removed it; the native predictor has been thread-safe
 * for tree boosters since 1.4, dmlc/xgboost#6648). {@code LocalXgboostBackendTest} hammers one
 * booster from 8 threads and gets exactly the sequential predictions, so all requests share one
 * booster without a lock. What is NOT thread-safe is {@code setParam}: {@code nthread=1} is set
 * once, before the booster is published. Online calls are small, so one native thread per call
 * beats OpenMP fan-out under concurrent load. A read/write lock per version only keeps {@code
 * dispose()} (native free) from running under an in-flight prediction; reads never block each
 * other. Caveat: the 2021 fix noted that {@code dart} boosters were still unsafe; the platform
 * trains {@code gbtree}.
 *
 * <p>Rows are scored with {@code inplace_predict} (the native {@code XGBoosterPredictFromDense}),
 * not through a {@code DMatrix}: a {@code DMatrix} per call is a native allocation and a Java
 * object with a finalizer, and finalizable objects outlive the young collection that finds them
 * unreachable. Under load that was one {@code FinalReference} per request in every young pause of
 * the gateway (4,569 in one), each kept alive and copied to a survivor space before it could be
 * freed (docs/benchmarks.md, session 8). Same predictions: the tests compare against {@code
 * DMatrix} scoring of the same model, and the 8-thread test above runs this call.
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.gateway.backend",
    havingValue = "local",
    matchIfMissing = true)
class LocalXgboostBackend implements BackendAdapter {

  private static final Logger log = LoggerFactory.getLogger(LocalXgboostBackend.class);

  private final ConcurrentHashMap<ModelKey, Slot> slots = new ConcurrentHashMap<>();

  /** XGBoost calls made, for tests that check coalescing (requests per call > 1). */
  static final java.util.concurrent.atomic.LongAdder XGBOOST_CALLS =
      new java.util.concurrent.atomic.LongAdder();

  @Override
  public String name() {
    return "local";
  }

  /** Every location that is not a remote server's URL: files (and whatever the loader reads). */
  @Override
  public boolean serves(String artifactUri) {
    return artifactUri == null
        || !(artifactUri.startsWith("http://") || artifactUri.startsWith("https://"));
  }

  @Override
  public void load(ServableModel model) {
    open(model);
  }

  private Slot open(ServableModel model) {
    Slot slot = slots.computeIfAbsent(model.key(), k -> new Slot(model));
    try {
      slot.open();
      return slot;
    } catch (RuntimeException e) {
      // Leave nothing half-loaded: the next attempt reads the artifact again.
      slots.remove(model.key(), slot);
      throw e;
    }
  }

  @Override
  public double[] predict(ServableModel model, float[] values, int rows, int columns) {
    while (true) {
      Slot slot = open(model);
      double[] scores = slot.predict(values, rows, columns);
      if (scores != null) {
        return scores;
      }
      // Unloaded between open() and predict(): drop the closed slot and load afresh.
      slots.remove(model.key(), slot);
    }
  }

  @Override
  public void unload(ModelKey key) {
    Slot slot = slots.remove(key);
    if (slot != null) {
      slot.close();
      log.info("Unloaded model {}", key);
    }
  }

  @Override
  public boolean isLoaded(ModelKey key) {
    Slot slot = slots.get(key);
    return slot != null && slot.isOpen();
  }

  @Override
  public Set<ModelKey> loaded() {
    Set<ModelKey> keys = new HashSet<>();
    slots.forEach(
        (key, slot) -> {
          if (slot.isOpen()) {
            keys.add(key);
          }
        });
    return keys;
  }

  /** One model version: loads once, predicts under the read lock, disposes under the write lock. */
  /** Requests up to this many rows are coalesced; bigger ones are already batches. */
  static final int MAX_COALESCED_REQUEST_ROWS = 8;

  /** Rows scored in one coalesced XGBoost call at most. */
  static final int MAX_BATCH_ROWS = 64;

  /** Threads scoring one model at a time: more than the cores only adds contention. */
  static final int COMBINERS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** A small request waiting to be scored in a batch. */
  private static final class Pending {
    final float[] values;
    final int rows;
    final int columns;
    final Thread waiter;
    double[] scores;
    RuntimeException failure;
    volatile boolean done;

    Pending(float[] values, int rows, int columns, Thread waiter) {
      this.values = values;
      this.rows = rows;
      this.columns = columns;
      this.waiter = waiter;
    }

    void finish(RuntimeException error) {
      failure = error;
      done = true;
      LockSupport.unpark(waiter);
    }
  }

  private static final class Slot {
    private final ServableModel model;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore combiners = new Semaphore(COMBINERS);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Booster booster;
    private boolean closed;

    Slot(ServableModel model) {
      this.model = model;
    }

    void open() {
      lock.readLock().lock();
      try {
        if (booster != null || closed) {
          return;
        }
      } finally {
        lock.readLock().unlock();
      }
      lock.writeLock().lock();
      try {
        if (booster == null && !closed) {
          booster = read(model);
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    boolean isOpen() {
      lock.readLock().lock();
      try {
        return booster != null && !closed;
      } finally {
        lock.readLock().unlock();
      }
    }

    /**
     * Scores, or null if the slot was closed meanwhile. Small requests are coalesced: each joins a
     * queue, and whichever waiting thread gets one of the {@link #COMBINERS} permits scores
     * everything queued (up to {@link #MAX_BATCH_ROWS} rows) in one XGBoost call and hands each
     * request its rows (flat combining). One XGBoost call has a large fixed cost and a small cost
     * per row (measured: ~180 us for 1 row, ~450 us for 64; docs/gateway.md), so under concurrency
     * this scores many times more requests per core; a lone request scores itself at once, with no
     * hand-off and no waiting window.
     */
    double[] predict(float[] values, int rows, int columns) {
      if (rows > MAX_COALESCED_REQUEST_ROWS) {
        return predictNow(values, rows, columns);
      }
      Pending request = new Pending(values, rows, columns, Thread.currentThread());
      queue.add(request);
      while (!request.done) {
        if (combiners.tryAcquire()) {
          boolean queueEmpty = false;
          try {
            while (!request.done && !queueEmpty) {
              queueEmpty = !combineOnce();
            }
          } finally {
            combiners.release();
          }
          // Requests queued while this thread scored may have no combiner left: wake the first of
          // them to take over (after the release, so that it can get the permit).
          Pending next = queue.peek();
          if (next != null) {
            LockSupport.unpark(next.waiter);
          }
          if (queueEmpty && !request.done) {
            // Another combiner took this request into its batch and is scoring it: wait for its
            // finish to wake this thread. Polling the empty queue until then spun a core (8 % of a
            // saturated gateway's samples on 2 cores, docs/benchmarks.md).
            LockSupport.parkNanos(this, 1_000_000);
          }
        } else {
          // Woken by the combiner that scores this request, or by one leaving with requests still
          // queued. The timeout is only a backstop: a 50 us poll here woke every waiting thread
          // 20,000 times a second, CPU a saturated gateway then lacked.
          LockSupport.parkNanos(this, 1_000_000);
        }
      }
      if (request.failure != null) {
        throw request.failure;
      }
      return request.scores;
    }

    /**
     * Takes queued requests of one width up to the row budget and scores them in one call; false
     * when the queue was empty. Only {@code poll} touches the queue (a peek-then-remove pair walked
     * the queue and showed in the profile): a taken request that does not fit the batch is scored
     * on its own right after it.
     */
    private boolean combineOnce() {
      Pending first = queue.poll();
      if (first == null) {
        return false;
      }
      List<Pending> batch = new ArrayList<>();
      batch.add(first);
      int total = first.rows;
      Pending misfit = null;
      while (total < MAX_BATCH_ROWS) {
        Pending next = queue.poll();
        if (next == null) {
          break;
        }
        if (next.columns != first.columns || total + next.rows > MAX_BATCH_ROWS) {
          misfit = next;
          break;
        }
        batch.add(next);
        total += next.rows;
      }
      score(batch, total, first.columns);
      if (misfit != null) {
        score(List.of(misfit), misfit.rows, misfit.columns);
      }
      return true;
    }

    private void score(List<Pending> batch, int total, int columns) {
      Pending first = batch.get(0);
      try {
        float[] values;
        if (batch.size() == 1) {
          values = first.values;
        } else {
          values = new float[total * columns];
          int at = 0;
          for (Pending p : batch) {
            System.arraycopy(p.values, 0, values, at, p.rows * p.columns);
            at += p.rows * p.columns;
          }
        }
        double[] scores = predictNow(values, total, columns);
        int row = 0;
        for (Pending p : batch) {
          p.scores =
              scores == null || batch.size() == 1
                  ? scores
                  : java.util.Arrays.copyOfRange(scores, row, row + p.rows);
          row += p.rows;
          p.finish(null);
        }
      } catch (RuntimeException e) {
        batch.forEach(p -> p.finish(e));
      }
    }

    /** Scores, or null if the slot was closed meanwhile. */
    private double[] predictNow(float[] values, int rows, int columns) {
      XGBOOST_CALLS.increment();
      lock.readLock().lock();
      try {
        if (closed || booster == null) {
          return null;
        }
        try {
          float[][] raw = booster.inplace_predict(values, rows, columns, Float.NaN);
          double[] scores = new double[rows];
          for (int i = 0; i < rows; i++) {
            if (raw[i].length != 1) {
              throw new IllegalStateException(
                  "Model "
                      + model.key()
                      + " returns "
                      + raw[i].length
                      + " outputs per row; only"
                      + " binary and regression models (one output) are served");
            }
            scores[i] = raw[i][0];
          }
          return scores;
        } catch (XGBoostError e) {
          throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
      } finally {
        lock.readLock().unlock();
      }
    }

    void close() {
      lock.writeLock().lock();
      try {
        closed = true;
        if (booster != null) {
          booster.dispose();
          booster = null;
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    private static Booster read(ServableModel model) {
      Path path = path(model);
      if (!Files.isReadable(path)) {
        throw new ModelUnavailableException(
            "Model "
                + model.key()
                + " cannot be loaded: "
                + path
                + " does not exist or is not"
                + " readable");
      }
      Booster booster = null;
      try {
        booster = XGBoost.loadModel(path.toString());
        // Not thread-safe: set before any other thread can see the booster.
        booster.setParam("nthread", 1);
        long expected = model.featureCount();
        if (expected > 0 && booster.getNumFeature() != expected) {
          throw new ModelUnavailableException(
              "Model "
                  + model.key()
                  + " expects "
                  + booster.getNumFeature()
                  + " features but its schema lists "
                  + expected);
        }
        log.info("Loaded model {} from {}", model.key(), path);
        return booster;
      } catch (XGBoostError | RuntimeException e) {
        if (booster != null) {
          booster.dispose();
        }
        if (e instanceof ModelUnavailableException unavailable) {
          throw unavailable;
        }
        throw new ModelUnavailableException(
            "Model " + model.key() + " cannot be loaded from " + path + ": " + e.getMessage(), e);
      }
    }

    private static Path path(ServableModel model) {
      String uri = model.artifactUri();
      if (uri == null || uri.isBlank()) {
        throw new ModelUnavailableException("Model " + model.key() + " has no artifact URI");
      }
      if (uri.startsWith("file:")) {
        return Path.of(URI.create(uri));
      }
      if (uri.contains("://")) {
        throw new ModelUnavailableException(
            "The local backend reads file: artifacts only; "
                + uri
                + " needs another backend (aifactory.gateway.backend)");
      }
      return Path.of(uri);
    }
  }
}
