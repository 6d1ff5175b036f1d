package dev.aifactory.training.registry;

import dev.aifactory.training.Page;
import java.util.Map;
import java.util.Optional;

/** Stored model groups and their aliases. */
public interface ModelGroups {

  /**
   * Creates the group for {@code team} unless the name is taken.
   *
   * @return the group as stored: {@code team}'s, or another team's when the name was taken
   */
  ModelGroup claim(String team, String name);

  Optional<ModelGroup> find(String name);

  /** Reads the group and holds its row lock until the transaction ends: serialises its writers. */
  Optional<ModelGroup> lock(String name);

  Page<ModelGroup> list(String team, int page, int size);

  Map<String, Integer> aliases(String name);

  Optional<Integer> alias(String name, String alias);

  void setAlias(String name, String alias, int version);
}
