package dev.aifactory.gateway.endpoint;

import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The data plane's routing table: every endpoint with its deployments, in memory, so that serving a
 * request reads no database. Requests read an immutable snapshot through a volatile field and never
 * wait.
 *
 * <p>It changes in two ways. A deployment change made by this instance refreshes its endpoints
 * right after the change commits ({@link #refresh}). Changes made by other gateway instances arrive
 * by a periodic full reload ({@code aifactory.gateway.routes.refresh-interval}, 2 s by default).
 * The reload rereads everything rather than asking "what changed since": timestamps and sequence
 * values are assigned before commit, so commit order can differ from their order and a since-query
 * would miss changes. Writers are serialized and each reads the database while holding the lock, so
 * a reload that read old rows can never overwrite a newer targeted refresh. When the database is
 * unreachable the table keeps serving what it has.
 */
@Component
public class Routes {

  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  private final Endpoints endpoints;
  private final ModelBackend backend;
  private final Object writer = new Object();
  private volatile Map<String, Endpoint> table = Map.of();

  public Routes(Endpoints endpoints, ModelBackend backend) {
    this.endpoints = endpoints;
    this.backend = backend;
  }

  /** The endpoint as last seen; no I/O. */
  public Optional<Endpoint> find(String name) {
    return Optional.ofNullable(table.get(name));
  }

  public int size() {
    return table.size();
  }

  /** Rereads the named endpoints (after this instance changed them). */
  public void refresh(List<String> names) {
    synchronized (writer) {
      Map<String, Endpoint> next = new HashMap<>(table);
      for (String name : names) {
        Optional<Endpoint> found = endpoints.find(name);
        if (found.isPresent()) {
          next.put(name, found.get());
        } else {
          next.remove(name);
        }
      }
      table = Map.copyOf(next);
    }
  }

  /**
   * Installs an endpoint just read from the database if the table's copy is older (or missing), so
   * a client that saw a deployment through the control-plane API finds the data plane routing by it
   * on this instance, without waiting for the after-commit refresh or the next reload.
   */
  public void catchUp(Endpoint read) {
    Endpoint current = table.get(read.name());
    if (current != null && !current.updatedAt().isBefore(read.updatedAt())) {
      return;
    }
    synchronized (writer) {
      current = table.get(read.name());
      if (current == null || current.updatedAt().isBefore(read.updatedAt())) {
        Map<String, Endpoint> next = new HashMap<>(table);
        next.put(read.name(), read);
        table = Map.copyOf(next);
      }
    }
  }

  /**
   * Rereads every endpoint, then loads the models of deployments that are new to this instance (a
   * switch made by another instance), so the first request after it does not pay for the load.
   */
  @Scheduled(
      fixedDelayString = "${aifactory.gateway.routes.refresh-interval:2s}",
      initialDelayString = "${aifactory.gateway.routes.refresh-interval:2s}")
  public void reload() {
    Set<ModelKey> added = new HashSet<>();
    try {
      synchronized (writer) {
        Set<ModelKey> before = deployedKeys(table);
        Map<String, Endpoint> next = new HashMap<>();
        for (Endpoint e : endpoints.all()) {
          next.put(e.name(), e);
        }
        added.addAll(deployedKeys(next));
        added.removeAll(before);
        table = Map.copyOf(next);
      }
    } catch (RuntimeException e) {
      log.warn("Could not refresh the routing table; serving the last one: {}", e.getMessage());
      return;
    }
    for (Endpoint e : table.values()) {
      for (DeployedModel d : e.deployments()) {
        if (added.remove(d.model().key()) && !backend.isLoaded(d.model().key())) {
          try {
            backend.load(d.servable());
          } catch (ModelUnavailableException failure) {
            log.error(
                "Could not load deployed model {}: {}", d.model().key(), failure.getMessage());
          }
        }
      }
    }
  }

  private static Set<ModelKey> deployedKeys(Map<String, Endpoint> table) {
    Set<ModelKey> keys = new HashSet<>();
    table.values().forEach(e -> e.deployments().forEach(d -> keys.add(d.model().key())));
    return keys;
  }
}
