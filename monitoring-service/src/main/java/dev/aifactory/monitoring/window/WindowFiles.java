package dev.aifactory.monitoring.window;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Documents stored with an evaluated window (the Model Monitor files), by file name. */
public interface WindowFiles {

  /** Stores each document (a tree of maps, lists and values) under its file name. */
  void save(UUID windowId, Map<String, Object> files);

  /** The document as JSON text, if the window is the team's and has a file of that name. */
  Optional<String> find(String team, UUID windowId, String name);
}
