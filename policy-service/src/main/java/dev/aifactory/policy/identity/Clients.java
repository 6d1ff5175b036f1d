package dev.aifactory.policy.identity;

import java.util.List;
import java.util.Optional;

/** Stored OAuth2 clients. */
public interface Clients {

  Optional<ManagedClient> find(String clientId);

  List<ManagedClient> list();

  /** Creates the client; false if the id is taken. */
  boolean add(ManagedClient client);

  void update(ManagedClient client);

  boolean delete(String clientId);
}
