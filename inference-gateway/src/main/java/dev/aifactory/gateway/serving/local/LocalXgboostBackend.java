package dev.aifactory.gateway.serving.local;

import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import dev.aifactory.gateway.serving.ServableModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
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
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.gateway.backend",
    havingValue = "local",
    matchIfMissing = true)
class LocalXgboostBackend implements ModelBackend {

  private static final Logger log = LoggerFactory.getLogger(LocalXgboostBackend.class);

  private final ConcurrentHashMap<ModelKey, Slot> slots = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "local";
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
  private static final class Slot {
    private final ServableModel model;
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

    /** Scores, or null if the slot was closed meanwhile. */
    double[] predict(float[] values, int rows, int columns) {
      lock.readLock().lock();
      try {
        if (closed || booster == null) {
          return null;
        }
        DMatrix matrix = null;
        try {
          matrix = new DMatrix(values, rows, columns, Float.NaN);
          float[][] raw = booster.predict(matrix);
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
        } finally {
          if (matrix != null) {
            matrix.dispose();
          }
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
