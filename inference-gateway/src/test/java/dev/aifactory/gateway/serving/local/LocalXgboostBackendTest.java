package dev.aifactory.gateway.serving.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.gateway.TrainedModel;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import dev.aifactory.gateway.serving.ServableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalXgboostBackendTest {

  @TempDir Path dir;

  private final LocalXgboostBackend backend = new LocalXgboostBackend();

  @AfterEach
  void unloadAll() {
    backend.loaded().forEach(backend::unload);
  }

  @Test
  void predictsWhatTheBoosterItselfPredicts() {
    TrainedModel model = TrainedModel.train(dir, 10);
    ServableModel servable = servable(model, 1);
    backend.load(servable);
    float[][] rows = {{35, 60f, 2}, {22, 20.5f, 0}, {50, Float.NaN, 1}};

    double[] scores = backend.predict(servable, flatten(rows), 3, 3);

    assertThat(scores).containsExactly(model.predict(rows));
    assertThat(java.util.Arrays.stream(scores).boxed().toList())
        .allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
  }

  /**
   * Measures what the class comment claims: one XGBoost4J 3.4.0 booster shared by 8 threads gives
   * exactly the sequential predictions (no lock around predict).
   */
  @Test
  void concurrentPredictionsAreCoalescedAndEqualSequentialOnes() throws Exception {
    TrainedModel model = TrainedModel.train(dir, 30);
    ServableModel servable = servable(model, 1);
    backend.load(servable);
    Random random = new Random(1);
    int cases = 64;
    List<float[]> inputs = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      int rows = 1 + random.nextInt(5);
      float[] values = new float[rows * 3];
      for (int r = 0; r < rows; r++) {
        values[r * 3] = 18 + random.nextInt(60);
        values[r * 3 + 1] = (float) (random.nextDouble() * 100);
        values[r * 3 + 2] = random.nextInt(3);
      }
      inputs.add(values);
      expected.add(backend.predict(servable, values, rows, 3));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long callsBefore = LocalXgboostBackend.XGBOOST_CALLS.sum();
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  for (int k = 0; k < 2_000; k++) {
                    int i = (k + offset * 7) % cases;
                    float[] values = inputs.get(i);
                    double[] got = backend.predict(servable, values, values.length / 3, 3);
                    if (!java.util.Arrays.equals(got, expected.get(i))) {
                      mismatches++;
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isZero();
      }
      // Small concurrent requests were coalesced: fewer XGBoost calls than requests.
      assertThat(LocalXgboostBackend.XGBOOST_CALLS.sum() - callsBefore).isLessThan(8 * 2_000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reloadsAVersionThatWasUnloadedWhenARequestStillNeedsIt() {
    TrainedModel model = TrainedModel.train(dir, 5);
    ServableModel servable = servable(model, 1);
    backend.load(servable);
    backend.unload(servable.key());
    assertThat(backend.isLoaded(servable.key())).isFalse();

    float[][] rows = {{40, 70f, 2}};
    assertThat(backend.predict(servable, flatten(rows), 1, 3)).containsExactly(model.predict(rows));
    assertThat(backend.isLoaded(servable.key())).isTrue();
  }

  @Test
  void refusesAMissingArtifactOrAWrongFeatureCount() {
    ServableModel missing =
        new ServableModel(
            "growth", "g", 1, dir.resolve("nope.ubj").toUri().toString(), "binary", 3);
    assertThatThrownBy(() -> backend.load(missing))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("does not exist");

    TrainedModel model = TrainedModel.train(dir, 5);
    ServableModel wrongShape = new ServableModel("growth", "g", 2, model.uri(), "binary", 4);
    assertThatThrownBy(() -> backend.load(wrongShape))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("expects 3 features");
    assertThat(backend.loaded()).isEmpty();
  }

  private static ServableModel servable(TrainedModel model, int version) {
    return new ServableModel("growth", "churn", version, model.uri(), "binary", 3);
  }

  private static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
    }
    return flat;
  }
}
