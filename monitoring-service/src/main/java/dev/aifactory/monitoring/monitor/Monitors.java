package dev.aifactory.monitoring.monitor;

import dev.aifactory.monitoring.Page;
import java.util.Optional;
import java.util.UUID;

/** Stored per-endpoint monitors. */
public interface Monitors {

  /** Stores a new monitor; false when the endpoint already has one. */
  boolean create(Monitor monitor);

  boolean update(Monitor monitor);

  boolean delete(String team, UUID id);

  Optional<Monitor> find(String team, UUID id);

  Optional<Monitor> ofEndpoint(String team, String endpoint);

  Page<Monitor> list(String team, int page, int size);
}
