package dev.aifactory.policy.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored teams. */
public interface Teams {

  record Team(String name, String description, String createdBy, Instant createdAt) {}

  Optional<Team> find(String name);

  List<Team> list();

  /** Creates the team; false if it exists. */
  boolean add(Team team);

  boolean delete(String name);
}
