package dev.aifactory.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ServableModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private final StoredEndpoints stored = new StoredEndpoints();
  private final LoadingBackend backend = new LoadingBackend();
  private final Routes routes = new Routes(stored, backend);

  @Test
  void servesLookupsFromMemoryWithoutReadingTheStore() {
    stored.put(endpoint("churn", 1));
    routes.reload();
    int readsAfterReload = stored.reads.get();

    for (int i = 0; i < 1000; i++) {
      assertThat(routes.find("churn")).isPresent();
      assertThat(routes.find("missing")).isEmpty();
    }

    assertThat(stored.reads.get()).isEqualTo(readsAfterReload);
  }

  @Test
  void keepsServingTheLastTableWhenTheStoreIsUnreachable() {
    stored.put(endpoint("churn", 1));
    routes.reload();
    stored.down = true;

    routes.reload();

    assertThat(routes.find("churn")).map(e -> e.deployments().get(0).model().version()).contains(1);
  }

  @Test
  void aTargetedRefreshShowsTheChangeAtOnceAndLoadsNothing() {
    stored.put(endpoint("churn", 1));
    routes.reload();
    backend.loads.clear();
    stored.put(endpoint("churn", 2));

    routes.refresh(List.of("churn"));

    assertThat(routes.find("churn")).map(e -> e.deployments().get(0).model().version()).contains(2);
    assertThat(backend.loads).isEmpty();
  }

  @Test
  void aReloadLoadsOnlyModelsNewToThisInstance() {
    stored.put(endpoint("churn", 1));
    routes.reload();
    assertThat(backend.loads).containsExactly(new ModelKey("growth", "g", 1));
    backend.loads.clear();

    routes.reload();
    assertThat(backend.loads).isEmpty();

    stored.put(endpoint("churn", 2));
    routes.reload();
    assertThat(backend.loads).containsExactly(new ModelKey("growth", "g", 2));
  }

  @Test
  void catchesUpWithANewerReadButNeverGoesBack() {
    stored.put(endpoint("churn", 1, Instant.ofEpochSecond(10)));
    routes.reload();

    routes.catchUp(endpoint("churn", 2, Instant.ofEpochSecond(20)));
    assertThat(routes.find("churn")).map(e -> e.deployments().get(0).model().version()).contains(2);

    routes.catchUp(endpoint("churn", 1, Instant.ofEpochSecond(10)));
    assertThat(routes.find("churn")).map(e -> e.deployments().get(0).model().version()).contains(2);
  }

  private static Endpoint endpoint(String name, int version) {
    return endpoint(name, version, Instant.EPOCH);
  }

  private static Endpoint endpoint(String name, int version, Instant updatedAt) {
    ModelVersion model = new ModelVersion("growth", "g", version, "file:///m.ubj", "binary", null);
    return new Endpoint(
        name,
        "growth",
        "g",
        0.0,
        "erin",
        List.of(new DeployedModel(DeployedModel.PRIMARY, "local", 1.0, model)),
        Instant.EPOCH,
        updatedAt);
  }

  /** An in-memory store that counts reads and can be taken down. */
  private static final class StoredEndpoints implements Endpoints {
    final Map<String, Endpoint> rows = new LinkedHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    boolean down;

    void put(Endpoint e) {
      rows.put(e.name(), e);
    }

    private void read() {
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      reads.incrementAndGet();
    }

    @Override
    public void create(Endpoint endpoint) {
      put(endpoint);
    }

    @Override
    public Optional<Endpoint> find(String name) {
      read();
      return Optional.ofNullable(rows.get(name));
    }

    @Override
    public List<Endpoint> all() {
      read();
      return new ArrayList<>(rows.values());
    }

    @Override
    public List<Endpoint> page(String team, int page, int size) {
      read();
      return new ArrayList<>(rows.values());
    }

    @Override
    public long count(String team) {
      return rows.size();
    }

    @Override
    public List<String> lockServing(String team, String modelGroup) {
      return List.of();
    }

    @Override
    public void replaceDeployments(String endpoint, String team, List<DeployedModel> deployments) {}

    @Override
    public void updateQuota(String endpoint, Quota quota) {}

    @Override
    public boolean lock(String endpoint) {
      return rows.containsKey(endpoint);
    }

    @Override
    public void updateChampionRollout(String endpoint, RolloutPlan plan) {}

    @Override
    public List<ModelVersion> deployedModels() {
      return List.of();
    }
  }

  /** Records which versions were loaded. */
  private static final class LoadingBackend implements ModelBackend {
    final List<ModelKey> loads = new ArrayList<>();
    final Set<ModelKey> loaded = new HashSet<>();

    @Override
    public String name() {
      return "local";
    }

    @Override
    public void load(ServableModel model) {
      loads.add(model.key());
      loaded.add(model.key());
    }

    @Override
    public double[] predict(ServableModel model, float[] values, int rows, int columns) {
      return new double[rows];
    }

    @Override
    public void unload(ModelKey key) {
      loaded.remove(key);
    }

    @Override
    public boolean isLoaded(ModelKey key) {
      return loaded.contains(key);
    }

    @Override
    public Set<ModelKey> loaded() {
      return loaded;
    }
  }
}
