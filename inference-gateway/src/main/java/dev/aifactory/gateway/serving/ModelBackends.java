package dev.aifactory.gateway.serving;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The {@link ModelBackend} the rest of the gateway uses: hands each model to the adapter that
 * recognises its location (in-process XGBoost for files, OIP v2 over HTTP for URLs).
 */
@Primary
@Component
public class ModelBackends implements ModelBackend {

  private final List<BackendAdapter> adapters;

  public ModelBackends(List<BackendAdapter> adapters) {
    this.adapters = List.copyOf(adapters);
  }

  /** The default for deployments that name no backend: the first adapter (in-process). */
  @Override
  public String name() {
    return adapters.stream()
        .filter(a -> a.serves("file:///"))
        .map(ModelBackend::name)
        .findFirst()
        .orElse(adapters.get(0).name());
  }

  @Override
  public void load(ServableModel model) {
    adapter(model).load(model);
  }

  @Override
  public double[] predict(ServableModel model, float[] values, int rows, int columns) {
    return adapter(model).predict(model, values, rows, columns);
  }

  @Override
  public CompletableFuture<double[]> predictAsync(
      ServableModel model, float[] values, int rows, int columns) {
    BackendAdapter adapter;
    try {
      adapter = adapter(model);
    } catch (ModelUnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
    return adapter.predictAsync(model, values, rows, columns);
  }

  @Override
  public boolean isReady(ServableModel model) {
    return adapter(model).isReady(model);
  }

  @Override
  public boolean accepting(ServableModel model) {
    return adapter(model).accepting(model);
  }

  @Override
  public void unload(ModelKey key) {
    adapters.forEach(a -> a.unload(key));
  }

  @Override
  public boolean isLoaded(ModelKey key) {
    return adapters.stream().anyMatch(a -> a.isLoaded(key));
  }

  @Override
  public Set<ModelKey> loaded() {
    Set<ModelKey> keys = new HashSet<>();
    adapters.forEach(a -> keys.addAll(a.loaded()));
    return keys;
  }

  private BackendAdapter adapter(ServableModel model) {
    for (BackendAdapter a : adapters) {
      if (a.serves(model.artifactUri())) {
        return a;
      }
    }
    throw new ModelUnavailableException(
        "no backend serves models at '" + model.artifactUri() + "'");
  }
}
