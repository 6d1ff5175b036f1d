package dev.aifactory.policy.identity;

import java.util.Optional;

/** Stored users. */
public interface Users {

  Optional<User> find(String username);

  /** Creates the user unless one of that name exists; true if created. */
  boolean addIfAbsent(User user);

  java.util.List<User> list();

  void update(User user);

  boolean delete(String username);
}
