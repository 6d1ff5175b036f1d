package dev.aifactory.ingestion.grants;

import dev.aifactory.ingestion.dataset.Page;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The record of grants, per team; always in PostgreSQL, whichever adapter enforces them. */
public interface Grants {

  void add(Grant grant);

  Page<Grant> list(String team, int page, int size);

  List<Grant> forPrincipal(String team, String principal);

  Optional<Grant> find(String team, UUID id);

  /** Removes the grant; false if the team has no grant with that id. */
  boolean delete(String team, UUID id);
}
